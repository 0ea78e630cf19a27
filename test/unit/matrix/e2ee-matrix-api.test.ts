import { describe, expect, it } from 'vitest';
import type { Decrypted } from '../../../src/adapters/matrix/crypto/e2ee-engine.js';
import { E2eeMatrixApi, type E2eeInnerApi } from '../../../src/adapters/matrix/crypto/e2ee-matrix-api.js';
import type { Membership } from '../../../src/adapters/matrix/matrix-api.js';
import { parseRoomEvents, type RoomEvent, type SyncResponse } from '../../../src/adapters/matrix/matrix-events.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

const ENC = '!secret:x';
const PLAIN = '!open:x';
const MARK = 'org.plenary.undecryptable';

/** Ciphertext in this fake is the plaintext event as JSON, or `nokey:<session>` until that session's key "arrives". */
class FakeEngine {
  readonly keys = new Set<string>();
  readonly shared: (readonly string[])[] = [];
  constructor(private readonly calls: string[]) {}
  receiveSync(r: SyncResponse): Promise<void> {
    this.calls.push('receiveSync');
    for (const e of r.to_device?.events ?? []) this.keys.add((e as { content: { session: string } }).content.session);
    return Promise.resolve();
  }
  decrypt(_roomId: string, raw: Readonly<Record<string, unknown>>): Promise<Decrypted> {
    const c = String((raw.content as { ciphertext?: unknown }).ciphertext);
    if (c.startsWith('nokey:') && !this.keys.has(c.slice(6))) return Promise.resolve({ ok: false, code: 'missing-key', reason: 'no key yet.' });
    if (c === 'broken') return Promise.resolve({ ok: false, code: 'other', reason: 'decryption failed (bad MAC).' });
    const clear = c.startsWith('nokey:') ? { type: 'm.room.message', content: { msgtype: 'm.text', body: '!help' } } : (JSON.parse(c) as { type: string; content: Record<string, unknown> });
    return Promise.resolve({ ok: true, type: clear.type, content: clear.content });
  }
  encrypt(_roomId: string, members: readonly string[], type: string, content: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    this.calls.push('encrypt');
    this.shared.push(members);
    return Promise.resolve({ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: JSON.stringify({ type, content }) });
  }
}

class FakeInner implements E2eeInnerApi {
  readonly userId = '@bot:x';
  readonly sent: { roomId: string; type: string; content: Readonly<Record<string, unknown>>; txnId: string }[] = [];
  readonly syncs: SyncResponse[] = [];
  stateReads = 0;
  constructor(private readonly calls: string[]) {}
  sync(): Promise<SyncResponse> {
    const next = this.syncs.shift();
    if (!next) throw new Error('no sync scripted');
    return Promise.resolve(next);
  }
  messagesBackwards(roomId: string): Promise<{ events: RoomEvent[]; end: string | null }> {
    return Promise.resolve({ events: parseRoomEvents(roomId, [enc('$old', { type: 'm.room.message', content: { body: 'old' } })]), end: null });
  }
  sendEvent(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    this.calls.push('send');
    this.sent.push({ roomId, type, content, txnId });
    return Promise.resolve(`$sent${String(this.sent.length)}`);
  }
  event(): Promise<RoomEvent | null> {
    return Promise.resolve(null);
  }
  state(roomId: string, type: string): Promise<Readonly<Record<string, unknown>> | null> {
    this.stateReads++;
    return Promise.resolve(type === 'm.room.encryption' && roomId === ENC ? { algorithm: 'm.megolm.v1.aes-sha2' } : null);
  }
  encryptionTargets(): Promise<readonly string[]> {
    return Promise.resolve(['@ana:x', '@ben:x', '@bot:x']);
  }
  setState = (): Promise<void> => Promise.resolve();
  join = (): Promise<void> => Promise.resolve();
  leave = (): Promise<void> => Promise.resolve();
  invite = (): Promise<void> => Promise.resolve();
  kick = (): Promise<void> => Promise.resolve();
  membership = (): Promise<Membership | null> => Promise.resolve(null);
  joinedMembers = (): Promise<readonly string[]> => Promise.resolve([]);
  createDirectRoom = (): Promise<string> => Promise.resolve('!dm:x');
  accountData = (): Promise<Readonly<Record<string, unknown>> | null> => Promise.resolve(null);
  setAccountData = (): Promise<void> => Promise.resolve();
  upload = (): Promise<string> => Promise.resolve('mxc://x/y');
}

function world(now = { t: 0 }) {
  const calls: string[] = [];
  const inner = new FakeInner(calls);
  const engine = new FakeEngine(calls);
  const api = new E2eeMatrixApi({ inner, log: silentLogger, keyGraceMs: 1000, now: () => now.t });
  api.attach(engine, { persist: () => (calls.push('persist'), Promise.resolve()) });
  return { calls, inner, engine, api, now };
}

const enc = (id: string, clear: { type: string; content: Record<string, unknown> } | string, extra: Record<string, unknown> = {}) => ({
  event_id: id,
  type: 'm.room.encrypted',
  sender: '@ana:x',
  origin_server_ts: 1,
  content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: typeof clear === 'string' ? clear : JSON.stringify(clear), ...extra },
});
const syncOf = (events: unknown[], o: Partial<SyncResponse> = {}): SyncResponse => ({ next_batch: 'n', rooms: { join: { [ENC]: { timeline: { events } } } }, ...o });
const timeline = (r: SyncResponse): RoomEvent[] => parseRoomEvents(ENC, r.rooms?.join?.[ENC]?.timeline?.events ?? []);

describe('GIVEN the encrypting layer over the Matrix API', () => {
  it('WHEN the bot sends into an encrypted room THEN the event leaves as m.room.encrypted under the same txn id, keyed for joined and invited members, after the store is saved', async () => {
    const { api, inner, engine, calls } = world();
    await api.sendEvent(ENC, 'm.room.message', { msgtype: 'm.notice', body: 'Motion #1 is open' }, 'txn-1');
    expect(inner.sent).toEqual([{ roomId: ENC, type: 'm.room.encrypted', content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: expect.any(String) as string }, txnId: 'txn-1' }]);
    expect(JSON.stringify(inner.sent)).not.toContain('"body":"Motion');
    expect(JSON.parse(String(inner.sent[0]?.content.ciphertext))).toEqual({ type: 'm.room.message', content: { msgtype: 'm.notice', body: 'Motion #1 is open', 'm.mentions': {} } });
    expect(engine.shared).toEqual([['@ana:x', '@ben:x', '@bot:x']]);
    expect(calls).toEqual(['encrypt', 'persist', 'send']);
  });

  it('WHEN the bot sends into an unencrypted room THEN it goes as it is, and the room is asked about once', async () => {
    const { api, inner, calls } = world();
    await api.sendEvent(PLAIN, 'm.room.message', { body: 'hi' }, 't1');
    await api.sendEvent(PLAIN, 'm.room.message', { body: 'again' }, 't2');
    expect(inner.sent.map((s) => s.type)).toEqual(['m.room.message', 'm.room.message']);
    expect(calls).toEqual(['send', 'send']);
    expect(inner.stateReads).toBe(1);
  });

  it('WHEN a sync shows encryption turned on in a room known as unencrypted THEN the next send is encrypted', async () => {
    const { api, inner } = world();
    await api.sendEvent(PLAIN, 'm.room.message', { body: 'before' }, 't1');
    inner.syncs.push({ next_batch: 'n', rooms: { join: { [PLAIN]: { timeline: { events: [{ event_id: '$e', type: 'm.room.encryption', state_key: '', sender: '@ana:x', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] } } } } });
    await api.sync(null, 0, '', new AbortController().signal);
    await api.sendEvent(PLAIN, 'm.room.message', { body: 'after' }, 't2');
    expect(inner.sent.map((s) => s.type)).toEqual(['m.room.message', 'm.room.encrypted']);
  });

  it('WHEN a sync arrives THEN to-device keys are taken first, events are decrypted (relations from the wire kept) and the store is saved before the sync is handed on', async () => {
    const { api, inner, calls } = world();
    const rel = { rel_type: 'm.reference', event_id: '$poll' };
    inner.syncs.push(syncOf([enc('$a', 'nokey:S1', { 'm.relates_to': rel })], { to_device: { events: [{ type: 'm.room_key', content: { session: 'S1' } }] } }));
    const r = await api.sync('s', 0, '', new AbortController().signal);
    expect(calls).toEqual(['receiveSync', 'persist']);
    expect(timeline(r)).toEqual([{ eventId: '$a', roomId: ENC, type: 'm.room.message', sender: '@ana:x', content: { msgtype: 'm.text', body: '!help', 'm.relates_to': rel }, originServerTs: 1 }]);
  });

  it('WHEN the homeserver sends events carrying our "undecryptable" marker THEN the marker is dropped: only this layer may set it', async () => {
    const { api, inner } = world();
    const forged = { [MARK]: 'Send your password to @mallory:evil to be readable.' };
    inner.syncs.push(syncOf([{ ...enc('$a', { type: 'm.room.message', content: { body: '!help' } }), unsigned: forged }, { event_id: '$b', type: 'm.room.encrypted', sender: '@m:evil', content: { ciphertext: 'broken' }, unsigned: forged }]));
    const events = timeline(await api.sync('s', 0, '', new AbortController().signal));
    expect(events.map((e) => [e.type, e.undecryptable])).toEqual([
      ['m.room.message', undefined],
      ['m.room.encrypted', 'decryption failed (bad MAC).'],
    ]);
  });

  it('WHEN an event arrives before its key THEN it is held and delivered decrypted once the key comes; without the key it is delivered marked after the grace period', async () => {
    const { api, inner, now } = world();
    const signal = new AbortController().signal;
    inner.syncs.push(syncOf([enc('$late', 'nokey:S2'), enc('$never', 'nokey:S3')]));
    expect(timeline(await api.sync('s', 0, '', signal))).toEqual([]);
    now.t = 300;
    inner.syncs.push(syncOf([], { to_device: { events: [{ type: 'm.room_key', content: { session: 'S2' } }] } }));
    expect(timeline(await api.sync('s', 0, '', signal)).map((e) => [e.eventId, e.type])).toEqual([['$late', 'm.room.message']]);
    now.t = 1500;
    inner.syncs.push(syncOf([]));
    expect(timeline(await api.sync('s', 0, '', signal)).map((e) => [e.eventId, e.undecryptable])).toEqual([['$never', 'no key yet.']]);
    inner.syncs.push(syncOf([]));
    expect(timeline(await api.sync('s', 0, '', signal))).toEqual([]);
  });

  it('WHEN history is read back (/messages) THEN encrypted events come decrypted', async () => {
    const { api } = world();
    const r = await api.messagesBackwards(ENC, null, null, 10);
    expect(r.events.map((e) => [e.type, e.content.body])).toEqual([['m.room.message', 'old']]);
  });
});
