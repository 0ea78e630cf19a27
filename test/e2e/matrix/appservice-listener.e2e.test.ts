import { describe, expect, it } from 'vitest';
import { newRegistration, parseRegistration, registrationFile } from '../../../src/adapters/matrix/appservice-registration.js';
import { AppserviceTransport } from '../../../src/adapters/matrix/appservice-transport.js';
import type { MatrixApi } from '../../../src/adapters/matrix/matrix-api.js';
import { MemorySyncCheckpointStore } from '../../../src/adapters/matrix/sync-checkpoint.js';
import type { InboundBatch } from '../../../src/adapters/matrix/sync-transport.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

const BOT = '@plenary:example.org';
const HS = 'hs-token-0123456789abcdef';

async function listening(checkpoints = new MemorySyncCheckpointStore(), slowMs = 0) {
  const batches: InboundBatch[] = [];
  const t = new AppserviceTransport({ api: { userId: BOT } as MatrixApi, hsToken: HS, host: '127.0.0.1', port: 0, checkpoints, log: silentLogger });
  const running = t.run(async (b) => {
    await new Promise((r) => setTimeout(r, slowMs));
    batches.push(b);
  });
  while (t.listeningPort === 0) await new Promise((r) => setTimeout(r, 5));
  const put = (txnId: string, events: unknown[], auth: string | null = `Bearer ${HS}`, query = ''): Promise<Response> =>
    fetch(`http://127.0.0.1:${String(t.listeningPort)}/_matrix/app/v1/transactions/${txnId}${query}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify({ events }) });
  return { t, running, batches, put };
}

const message = (id: string, body: string, sender = '@ana:example.org') => ({ type: 'm.room.message', room_id: '!r:example.org', sender, event_id: id, origin_server_ts: 1, content: { msgtype: 'm.text', body } });

describe('GIVEN the appservice listener', () => {
  it('WHEN a transaction comes without the hs_token, or with another THEN it is refused and nothing is handled', async () => {
    const { t, running, batches, put } = await listening();
    expect((await put('t1', [message('$a', '!help')], null)).status).toBe(401);
    expect((await put('t1', [message('$a', '!help')], 'Bearer wrong-token-0123456789ab')).status).toBe(403);
    expect(batches).toEqual([]);
    // The older form (access_token in the query) is what Synapse 1.67 sends.
    expect((await put('t1', [message('$a', '!help')], null, `?access_token=${HS}`)).status).toBe(200);
    expect(batches).toHaveLength(1);
    await t.stop();
    await running;
  });

  it('WHEN the homeserver sends a transaction twice, even while the first is handled, or its events again under a new id THEN each event is handled once', async () => {
    const checkpoints = new MemorySyncCheckpointStore();
    const { t, running, batches, put } = await listening(checkpoints, 50);
    const events = [message('$1', '!help'), message('$2', '!motion list')];
    const answers = await Promise.all([put('t7', events), put('t7', events)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await put('t7', events)).status).toBe(200);
    expect((await put('t8', [...events, message('$3', '!join')])).status).toBe(200);
    expect(batches.flatMap((b) => b.events.map((e) => e.eventId))).toEqual(['$1', '$2', '$3']);
    expect(checkpoints.saved?.recentEventIds).toEqual(['$1', '$2', '$3']);
    await t.stop();
    await running;
    // A new process remembers the events it took.
    const again = await listening(checkpoints);
    await again.put('t9', events);
    expect(again.batches).toEqual([]);
    await again.t.stop();
    await again.running;
  });

  it("WHEN the bot is invited THEN it is an invitation, not an event; the bot's own events and other types are dropped", async () => {
    const { t, running, batches, put } = await listening();
    const invite = { type: 'm.room.member', room_id: '!d:example.org', sender: '@ana:example.org', state_key: BOT, event_id: '$i', origin_server_ts: 1, content: { membership: 'invite', is_direct: true, displayname: 'Plenary' } };
    await put('t1', [invite, message('$own', 'hello', BOT), { ...message('$typing', 'x'), type: 'm.typing' }, { nonsense: true }]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.invites).toEqual([{ roomId: '!d:example.org', inviter: '@ana:example.org', isDirect: true }]);
    expect(batches[0]!.events).toEqual([]);
    await t.stop();
    await running;
  });
});

describe('GIVEN a registration written by plenary matrix appservice-registration', () => {
  it('THEN it reads back, has its sender alone in an exclusive namespace, fresh tokens each time, and a broken file is named in the error', () => {
    const a = newRegistration({ url: 'http://127.0.0.1:9090', serverName: 'example.org', localpart: 'plenary' });
    const b = newRegistration({ url: 'http://127.0.0.1:9090', serverName: 'example.org', localpart: 'plenary' });
    expect(parseRegistration(registrationFile(a), 'as.yaml')).toEqual(a);
    expect(a.as_token).not.toBe(b.as_token);
    expect(a.hs_token).not.toBe(a.as_token);
    const ns = new RegExp(a.namespaces.users[0]!.regex);
    expect([ns.test('@plenary:example.org'), ns.test('@plenary2:example.org'), ns.test('@plenary:example.orgx')]).toEqual([true, false, false]);
    expect(() => parseRegistration('id: x', 'as.yaml')).toThrow(/as\.yaml/);
    expect(() => parseRegistration(JSON.stringify({ ...a, hs_token: 'short' }), 'as.yaml')).toThrow(/hs_token/);
  });
});
