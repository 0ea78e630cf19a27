import type { FederationHomeserver } from '../../src/adapters/matrix/federation/client.js';
import { MatrixCarrier, type MatrixCarrierOptions } from '../../src/adapters/matrix/federation/carrier.js';
import { memoryPosition, type SyncPosition } from '../../src/adapters/matrix/federation/sync.js';
import { codeProof, ed25519Signer, generateDeploymentKey, joinBinding, type EventBody, type EventType, type OpenInvitation, type Signer } from '../../src/core/federation-protocol/index.js';
import type { DeploymentIdentity, LinkRequest } from '../../src/core/ports/federation-link.port.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { FakeStore } from '../../src/core/testing/fake-store.js';
import { hex } from './federation-peers.js';

export const FEDERATION = 'fed_transport';

export interface Received {
  readonly type: EventType;
  readonly seq: number;
  readonly key: string;
  readonly sender: string;
  readonly body: unknown;
  /** When the hook ran (Date.now()). */
  readonly at: number;
}

/**
 * One deployment for carrier tests: its store, key, a carrier over the given
 * account, and receiver hooks that only record (the relay's part is not
 * under test): `other` lists every event applied in order, joins bind
 * against invitations issued with `invite`, and an opened link room
 * enqueues the join the relay would send (seq 1).
 */
export function carrierSide(o: { deployment: string; homeserver: FederationHomeserver; store?: Store; signer?: Signer; position?: SyncPosition; options?: Partial<MatrixCarrierOptions> }) {
  const store = o.store ?? new FakeStore();
  const signer = o.signer ?? ed25519Signer(generateDeploymentKey(`${o.deployment.slice(4)}-1`));
  const identity: DeploymentIdentity = { deployment: o.deployment, botUserId: o.homeserver.userId, signer };
  const received: Received[] = [];
  const joined: string[] = [];
  const opened: { request: LinkRequest; roomId: string }[] = [];
  const invitations: (OpenInvitation & { used: boolean })[] = [];
  const position = o.position ?? memoryPosition();
  const codes = new Map<string, string>();
  const make = () =>
    new MatrixCarrier({
      homeserver: o.homeserver,
      outbox: store.peerOutbox,
      links: store.links,
      identity,
      position,
      log: silentLogger,
      pollMs: 100,
      syncTimeoutMs: 1000,
      hooks: {
        currentVersion: () => Promise.resolve(1),
        openInvitations: (f, parent) => Promise.resolve(invitations.filter((i) => i.federation === f && i.parentAssembly === parent && !i.used)),
        joined: (b) => {
          const inv = invitations.find((i) => i.code === b.invitationCode);
          if (inv) inv.used = true;
          joined.push(b.childAssembly);
          return Promise.resolve();
        },
        counted: () => Promise.resolve(null),
        other: (type, body, entry) => {
          received.push({ type, seq: entry.seq, key: entry.idempotencyKey, sender: entry.sender, body, at: Date.now() });
          return Promise.resolve({ status: 'applied' });
        },
      },
      onLinkRoomOpened: async (request, roomId) => {
        opened.push({ request, roomId });
        const base = { federation: request.federation, parent_assembly: request.parentAssembly, child_assembly: request.childAssembly, bot_user_id: identity.botUserId, public_key: signer.publicKey, key_id: signer.keyId };
        const body: EventBody<'org.plenary.join'> = { ...base, child_name: 'Riverside', members: 20, chain_head: { seq: 10, hash: hex('a') }, join_motion: 1, code_proof: codeProof(codes.get(request.id) ?? '', joinBinding(base)) };
        await store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.join', body, idempotencyKey: `join/${request.childAssembly}/${request.id}` }], new Date());
      },
      ...o.options,
    });
  let carrier = make();
  return {
    store,
    identity,
    received,
    joined,
    opened,
    position,
    get carrier() {
      return carrier;
    },
    /** A fresh carrier over the same store and sync position (a restart). */
    restart() {
      carrier = make();
      carrier.start();
      return carrier;
    },
    /** The parent's invitation code for a child. */
    invite(code: string, parentAssembly: string) {
      invitations.push({ code, federation: FEDERATION, parentAssembly, expiresAt: null, used: false });
    },
    /** The child's join motion passed: the carrier must open the room (the code travels only as a proof). */
    async requestLink(parent: { deployment: string; botUserId: string; assembly: string }, childAssembly: string, code: string) {
      const r = await store.peerOutbox.requestLink({ federation: FEDERATION, parentAssembly: parent.assembly, parentDeployment: parent.deployment, parentBotUserId: parent.botUserId, childAssembly }, new Date());
      codes.set(r.id, code);
      return r;
    },
    /** Trusts a peer's key as an invitation would hand it over (the parent's key, on the child's side). */
    async trust(peer: DeploymentIdentity) {
      await store.links.addDeploymentKey({ deployment: peer.deployment, keyId: peer.signer.keyId, publicKey: peer.signer.publicKey, botUserId: peer.botUserId, validFrom: new Date(0), previousKeyId: null, rotationSignature: null, retiredAt: null });
      await store.links.upsertPeer({ deployment: peer.deployment, botUserId: peer.botUserId, name: peer.deployment }, new Date());
    },
  };
}

export type CarrierSide = ReturnType<typeof carrierSide>;

export const seatBody = (child: string, n: number): EventBody<'org.plenary.seat'> => ({ assembly: `${child}/asm_2`, parent_assembly: 'dep_pa/asm_1', seat: 1, delegate: '@ana:b.example', motion: n, term_ends: null, chain_head: { seq: n, hash: hex('b') } });
export const digestBody = (child: string, n: number): EventBody<'org.plenary.vote_digest'> => ({ parent_assembly: 'dep_pa/asm_1', assembly: `${child}/asm_2`, motion: n, title: `Motion ${String(n)}`, secret: false, votes: [], outcome: 'passed', chain_head: { seq: n, hash: hex('c') } });

export async function until<T>(what: string, probe: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => null);
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`waited ${String(timeoutMs)} ms in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
