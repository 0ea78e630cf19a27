import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpHomeserver } from '../../../src/adapters/matrix/federation/client.js';
import { MatrixRequestError } from '../../../src/adapters/matrix/matrix-api.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A homeserver answering each request with the next scripted reply. */
async function scripted(replies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const seen: { method: string; url: string; at: number; body: string }[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now(), body });
      const r = replies.shift() ?? { status: 500, body: {} };
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { hs: new HttpHomeserver({ baseUrl: `http://127.0.0.1:${String(port)}`, accessToken: 'tok', userId: '@fed:x', log: silentLogger, maxRetryAfterMs: 2000 }), seen };
}

describe('the carrier’s homeserver client', () => {
  it('GIVEN a 429 with retry_after_ms THEN it waits that long and sends the same txn again, once', async () => {
    const { hs, seen } = await scripted([
      { status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 300 } },
      { status: 200, body: { event_id: '$one' } },
    ]);
    expect(await hs.send('!r:x', 'org.plenary.heartbeat', { a: 1 }, 'txn-1')).toBe('$one');
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['PUT', '/_matrix/client/v3/rooms/!r%3Ax/send/org.plenary.heartbeat/txn-1'],
      ['PUT', '/_matrix/client/v3/rooms/!r%3Ax/send/org.plenary.heartbeat/txn-1'],
    ]);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(290);
    expect(seen[1]!.body).toBe(seen[0]!.body);
  });

  it('GIVEN a 429 asking for longer than allowed, or a 403 THEN it fails at once with the status, for the next drain to retry', async () => {
    const { hs, seen } = await scripted([
      { status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 60_000 } },
      { status: 403, body: { errcode: 'M_FORBIDDEN', error: 'not in room' } },
    ]);
    await expect(hs.send('!r:x', 't', {}, 'a')).rejects.toMatchObject({ status: 429, retryable: true });
    const e = await hs.putState('!r:x', 'org.plenary.deployment_key', 'dep_a', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MatrixRequestError);
    expect(e).toMatchObject({ status: 403, errcode: 'M_FORBIDDEN', retryable: false });
    expect(seen).toHaveLength(2);
  });

  it('GIVEN Retry-After in seconds and no body hint THEN it waits by the header', async () => {
    const { hs, seen } = await scripted([
      { status: 429, body: { errcode: 'M_LIMIT_EXCEEDED' }, headers: { 'retry-after': '1' } },
      { status: 200, body: { event_id: '$two' } },
    ]);
    expect(await hs.send('!r:x', 't', {}, 'b')).toBe('$two');
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(990);
  });
});
