import { describe, expect, it } from 'vitest';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

describe('operators: /healthz and Prometheus /metrics', () => {
  it('GIVEN commands and ballots through the command table THEN they are counted by command, outcome and ballot outcome, and /metrics serves them', async () => {
    const metrics = new Metrics();
    const { s, room } = await describeAssembly({ name: 'Counted', members: ['ana', 'ben'] }, { telemetry: metrics });
    await s.run('ana', room, 'motion propose "Paint the door"');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ana', room, 'vote 1 yes');
    await s.run('ben', room, 'vote 1 no');
    await s.run('stranger', room, 'motion propose "Not a member"');
    metrics.gauge('plenary_queue_jobs', 'Jobs per lane', () => Promise.resolve([{ labels: { lane: 'relay.down' }, value: 7 }]));
    const app = createWebApp({ reads: s.deps.store.read, secret: Buffer.alloc(32), now: () => s.clock.now(), log: silentLogger, hub: new TallyHub(s.deps.store.read), metrics, perMinute: 2 });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('plenary_commands_total{command="vote",platform="console",outcome="ok"} 3');
    expect(text).toContain('plenary_commands_total{command="motion propose",platform="console",outcome="refused"} 1');
    expect(text).toContain('plenary_ballots_total{outcome="cast"} 2');
    expect(text).toContain('plenary_ballots_total{outcome="unchanged"} 1');
    expect(text).toContain('plenary_queue_jobs{lane="relay.down"} 7');
    expect(text).toContain('# TYPE plenary_commands_total counter');
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true });
    // Health and metrics are never rate-limited; pages are (2 a minute here).
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(429);
    expect((await app.request('/metrics')).status).toBe(200);
    expect(await (await app.request('/metrics')).text()).toContain('plenary_web_refusals_total{kind="rate-limited"} 1');
  });

  it('GIVEN label values with quotes or newlines THEN the exposition stays parseable', async () => {
    const m = new Metrics();
    m.inc('x_total', 'x', { a: 'say "hi"\nthere\\' });
    expect(await m.render()).toContain('x_total{a="say \\"hi\\"\\nthere\\\\"} 1');
  });
});
