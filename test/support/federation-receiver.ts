import { ed25519Verifier, PeerReceiver, type CountedDecisionReport, type EventType, type InboxOptions, type LaneHost, type OpenInvitation } from '../../src/core/federation-protocol/index.js';
import type { InboxEntry } from '../../src/core/ports/peer-link-store.port.js';
import type { PeerLinkStore } from '../../src/core/ports/peer-link-store.port.js';
import { FakePeerLinks } from '../../src/core/testing/fake-peer-links.js';

/**
 * Parent deployment A's receiving end with fake hooks that record what
 * reached the relay; `onOther` runs in the lane's transaction before the
 * record (a `StoreTx` when `lanes` is `storeLanes`).
 */
export function parentReceiver<Tx = PeerLinkStore>(options: Partial<InboxOptions> = {}, lanes: LaneHost<Tx> | PeerLinkStore = new FakePeerLinks(), onOther?: (entry: InboxEntry, tx: Tx) => Promise<void>) {
  const store: PeerLinkStore = 'links' in lanes ? lanes.links : lanes;
  const versions = new Map<string, number>([['dep_a/prop_9', 1]]);
  const invitations: (OpenInvitation & { used: boolean })[] = [];
  const counted: CountedDecisionReport[] = [];
  const others: { type: EventType; entry: InboxEntry }[] = [];
  const joined: string[] = [];
  const receiver = new PeerReceiver<Tx>(
    lanes,
    ed25519Verifier,
    {
      currentVersion: (p) => Promise.resolve(versions.get(p) ?? null),
      openInvitations: (f, parent) => Promise.resolve(invitations.filter((i) => i.federation === f && i.parentAssembly === parent && !i.used)),
      joined: (b) => {
        const inv = invitations.find((i) => i.code === b.invitationCode);
        if (inv) inv.used = true;
        joined.push(b.childAssembly);
        return Promise.resolve();
      },
      counted: (r) => {
        counted.push(r);
        return Promise.resolve(null);
      },
      other: async (type, _body, entry, tx) => {
        if (onOther) await onOther(entry, tx);
        others.push({ type, entry });
        return { status: 'applied' };
      },
    },
    options,
  );
  const invite = (code: string, parentAssembly = 'dep_a/asm_1') => invitations.push({ code, federation: 'fed_transport', parentAssembly, expiresAt: null, used: false });
  return { receiver, store, versions, invite, counted, others, joined };
}
