import { describe, expect, it } from 'vitest';
import type { MatrixApi } from '../../../src/adapters/matrix/matrix-api.js';
import type { RoomEvent, SyncResponse } from '../../../src/adapters/matrix/matrix-events.js';
import type { SyncSource } from '../../../src/adapters/matrix/sdk-matrix-api.js';
import { MemorySyncCheckpointStore } from '../../../src/adapters/matrix/sync-checkpoint.js';
import { SyncTransport, type InboundBatch } from '../../../src/adapters/matrix/sync-transport.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

const BOT = '@bot:x';
const msg = (id: string, sender = '@ana:x', body = '!help') => ({ event_id: id, type: 'm.room.message', sender, content: { msgtype: 'm.text', body }, origin_server_ts: 1 });
const joinOf = (id: string, who: string) => ({ event_id: id, type: 'm.room.member', sender: who, state_key: who, content: { membership: 'join', displayname: who.slice(1, 4) }, origin_server_ts: 1 });
const batch = (next: string, timeline: unknown[], o: { limited?: boolean; prevBatch?: string; invite?: boolean } = {}): SyncResponse => ({
  next_batch: next,
  rooms: {
    join: { '!r:x': { timeline: { events: timeline, ...(o.limited ? { limited: true } : {}), ...(o.prevBatch ? { prev_batch: o.prevBatch } : {}) } } },
    ...(o.invite ? { invite: { '!new:x': { invite_state: { events: [{ type: 'm.room.member', sender: '@ana:x', state_key: BOT, content: { membership: 'invite', is_direct: true } }] } } } } : {}),
  },
});

/** A scripted /sync: each call takes the next response; when they run out it waits until stopped. */
class ScriptedSource implements SyncSource {
  readonly calls: (string | null)[] = [];
  readonly gapCalls: [string, string, string | null][] = [];
  constructor(
    private readonly script: (SyncResponse | Error)[],
    private readonly gap: RoomEvent[] = [],
  ) {}
  sync(since: string | null, _t: number, _f: string, signal: AbortSignal): Promise<SyncResponse> {
    this.calls.push(since);
    const next = this.script.shift();
    if (next instanceof Error) return Promise.reject(next);
    if (next) return Promise.resolve(next);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  }
  messagesBackwards(roomId: string, from: string, to: string | null): Promise<{ events: RoomEvent[]; end: string | null }> {
    this.gapCalls.push([roomId, from, to]);
    return Promise.resolve({ events: this.gap.splice(0), end: null });
  }
}

async function runUntil(source: ScriptedSource, checkpoints: MemorySyncCheckpointStore, batches: number, onBatch: ((b: InboundBatch) => void) | null = null): Promise<InboundBatch[]> {
  const got: InboundBatch[] = [];
  const t = new SyncTransport({ api: { userId: BOT } as unknown as MatrixApi, source, checkpoints, log: silentLogger, errorBackoffMs: 1 });
  let done: () => void = () => undefined;
  const enough = new Promise<void>((r) => (done = r));
  void t.run((b) => {
    if (onBatch) onBatch(b);
    got.push(b);
    if (got.length >= batches) done();
    return Promise.resolve();
  });
  await Promise.race([enough, new Promise((r) => setTimeout(r, 300))]);
  await t.stop();
  return got;
}

const ids = (bs: InboundBatch[]): string[] => bs.flatMap((b) => b.events.map((e) => e.eventId));

describe('GIVEN a bot that has never synced', () => {
  it('THEN history is not replayed as commands, but invitations are answered and the position saved', async () => {
    const source = new ScriptedSource([batch('s1', [msg('$old')], { invite: true }), batch('s2', [msg('$new')])]);
    const cp = new MemorySyncCheckpointStore();
    const got = await runUntil(source, cp, 2);
    expect(got[0]!.invites).toEqual([{ roomId: '!new:x', inviter: '@ana:x', isDirect: true }]);
    expect(ids(got)).toEqual(['$new']);
    expect(source.calls.slice(0, 2)).toEqual([null, 's1']);
    expect(cp.saved?.since).toBe('s2');
  });
});

describe('GIVEN a running sync', () => {
  it('THEN the bot\'s own events and those before it joined are dropped, and names are learnt', async () => {
    const cp = new MemorySyncCheckpointStore();
    cp.saved = { since: 's0', recentEventIds: [] };
    const got = await runUntil(new ScriptedSource([batch('s1', [msg('$before'), joinOf('$j', BOT), msg('$mine', BOT), joinOf('$ana', '@ana:x'), msg('$after')])]), cp, 1);
    expect(ids(got)).toEqual(['$ana', '$after']);
    expect(got[0]!.displayNames.get('@ana:x')).toBe('ana');
  });

  it('THEN a replayed batch is recognised, also after a restart, and events are claimed before they are handled', async () => {
    const cp = new MemorySyncCheckpointStore();
    cp.saved = { since: 's0', recentEventIds: [] };
    const claims: (string | null)[] = [];
    const first = await runUntil(new ScriptedSource([batch('s1', [msg('$a'), msg('$b')])]), cp, 1, () => claims.push(cp.saved?.since ?? null, ...(cp.saved?.recentEventIds ?? [])));
    expect(ids(first)).toEqual(['$a', '$b']);
    expect(claims).toEqual(['s0', '$a', '$b']);
    const again = await runUntil(new ScriptedSource([batch('s2', [msg('$a'), msg('$b'), msg('$c')])]), cp, 1);
    expect(ids(again)).toEqual(['$c']);
    expect(cp.saved.since).toBe('s2');
  });

  it('THEN a limited timeline is completed from /messages back to the previous position', async () => {
    const cp = new MemorySyncCheckpointStore();
    cp.saved = { since: 's5', recentEventIds: [] };
    const gap = [msg('$g2'), msg('$g1')].map((e) => ({ eventId: e.event_id, roomId: '!r:x', type: e.type, sender: e.sender, content: e.content, originServerTs: 1 }));
    const source = new ScriptedSource([batch('s9', [msg('$t1')], { limited: true, prevBatch: 'p8' })], gap);
    expect(ids(await runUntil(source, cp, 1))).toEqual(['$g1', '$g2', '$t1']);
    expect(source.gapCalls).toEqual([['!r:x', 'p8', 's5']]);
  });

  it('THEN a failing sync is retried from the same position', async () => {
    const cp = new MemorySyncCheckpointStore();
    cp.saved = { since: 's0', recentEventIds: [] };
    const source = new ScriptedSource([new Error('502'), batch('s1', [msg('$a')])]);
    expect(ids(await runUntil(source, cp, 1))).toEqual(['$a']);
    expect(source.calls.slice(0, 2)).toEqual(['s0', 's0']);
  });
});
