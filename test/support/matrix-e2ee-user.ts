import { ClientEvent, createClient, SyncState, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { routeSdkGlobalLogging, sdkLogger } from '../../src/adapters/matrix/sdk-logger.js';
import { recordingLog } from './matrix-bot-harness.js';
import { MatrixTestUser, type MatrixAccount, type SeenEvent } from './matrix-test-user.js';

/**
 * A person with an end-to-end encrypting client, as Element users are: a
 * real matrix-js-sdk client with its Rust crypto (an in-memory store of its
 * own), syncing. What it sends in an encrypted room is encrypted by the SDK;
 * `events` are what the person's client shows, decrypted. Room management
 * (invite, power levels) is plain HTTP, as in MatrixTestUser: state events
 * are not encrypted.
 */
export class E2eeTestUser extends MatrixTestUser {
  private constructor(
    baseUrl: string,
    account: MatrixAccount,
    readonly client: MatrixClient,
  ) {
    super(baseUrl, account);
  }

  static async start(baseUrl: string, account: MatrixAccount): Promise<E2eeTestUser> {
    const who = (await (await fetch(`${baseUrl}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${account.accessToken}` } })).json()) as { device_id?: string };
    if (!who.device_id) throw new Error('the test account has no device');
    routeSdkGlobalLogging(recordingLog()); // the SDK's module logger prints to stdout otherwise
    const client = createClient({ baseUrl, accessToken: account.accessToken, userId: account.userId, deviceId: who.device_id, logger: sdkLogger(recordingLog()) });
    await client.initRustCrypto({ useIndexedDB: false });
    const prepared = new Promise<void>((resolve) => {
      const on = (state: SyncState): void => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          client.off(ClientEvent.Sync, on);
          resolve();
        }
      };
      client.on(ClientEvent.Sync, on);
    });
    await client.startClient({ initialSyncLimit: 50 });
    await prepared;
    return new E2eeTestUser(baseUrl, account, client);
  }

  get deviceId(): string {
    return this.client.getDeviceId() ?? '';
  }

  /** A private room with encryption on from its first event, as Element creates one. */
  async createEncryptedRoom(o: { invite?: string[]; isDirect?: boolean; name?: string } = {}): Promise<string> {
    const r = await this.request<{ room_id: string }>('POST', '/createRoom', {
      preset: 'private_chat',
      name: o.name ?? 'Encrypted town square',
      invite: o.invite ?? [],
      ...(o.isDirect ? { is_direct: true } : {}),
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await this.untilClientKnows(r.room_id);
    return r.room_id;
  }

  /** Sends through the SDK, which encrypts in an encrypted room; refuses to send before the client knows the room is encrypted. */
  override async send(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    await this.untilClientKnows(roomId);
    // The SDK's event types are a closed union; a test sends any type it likes.
    type AnySend = (roomId: string, type: string, content: Record<string, unknown>) => Promise<{ event_id: string }>;
    const sdkSend: unknown = this.client.sendEvent.bind(this.client);
    const r = await (sdkSend as AnySend)(roomId, type, content);
    return r.event_id;
  }

  override join = async (roomId: string): Promise<unknown> => {
    await this.client.joinRoom(roomId);
    await this.untilClientKnows(roomId);
    return {};
  };

  /** What this person's client shows in the room, decrypted (an event it cannot decrypt stays `m.room.encrypted`). */
  override async events(roomId: string): Promise<SeenEvent[]> {
    const room = this.client.getRoom(roomId);
    if (!room) return [];
    const out: SeenEvent[] = [];
    for (const ev of room.getLiveTimeline().getEvents()) {
      if (ev.isEncrypted()) await this.client.decryptEventIfNeeded(ev);
      out.push(seen(ev));
    }
    return out;
  }

  override async acceptInvitesFrom(from: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const invited = this.client.getRooms().find((r) => r.getMyMembership() === 'invite' && r.getMember(this.id)?.events.member?.getSender() === from);
      if (invited) {
        await this.join(invited.roomId);
        return invited.roomId;
      }
      if (Date.now() > deadline) throw new Error(`${this.id}: no invitation from ${from}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async untilClientKnows(roomId: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const room = this.client.getRoom(roomId);
      if (room && room.getMyMembership() === 'join' && room.hasEncryptionStateEvent()) return;
      if (Date.now() > deadline) throw new Error(`${this.id}: the client never saw ${roomId} joined and encrypted`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  stop(): void {
    this.client.stopClient();
  }
}

function seen(ev: MatrixEvent): SeenEvent {
  const content: Record<string, unknown> = { ...ev.getContent() };
  const rel = (ev.getWireContent() as Record<string, unknown>)['m.relates_to'];
  if (rel !== undefined && !('m.relates_to' in content)) content['m.relates_to'] = rel;
  return { event_id: ev.getId() ?? '', type: ev.getType(), sender: ev.getSender() ?? '', content, ...(ev.getStateKey() === undefined ? {} : { state_key: ev.getStateKey() as string }) };
}
