/**
 * The bench's Discord, in a process of its own (Discord is not in the bot's
 * process; here it would take the bot's CPU on a busy machine). Started with
 * IPC by bench/discord-sends.bench.ts: it answers `{ storm: ms }`, and
 * `{ report: true }` with what it saw.
 */
import { DiscordLoopbackApi } from '../../test/support/discord-loopback-api.js';

const api = new DiscordLoopbackApi({ latencyMs: Number(process.env.BENCH_LATENCY_MS ?? '60') });
await api.start();

export interface ApiReport {
  readonly requests: DiscordLoopbackApi['requests'];
  readonly posted: [string, number][];
  readonly nonceRepeats: number;
  readonly counts: { admitted: number; global429: number; route429: number; storm429: number; route429ByRoute: Record<string, number> };
  readonly storms: { from: number; to: number }[];
}

process.on('message', (m: { storm?: number; report?: boolean }) => {
  if (m.storm) api.limits.storm(m.storm);
  if (m.report) {
    const c = api.limits.counts;
    const report: ApiReport = {
      requests: api.requests,
      posted: [...api.posted].map(([channel, list]) => [channel, list.length]),
      nonceRepeats: api.nonceRepeats,
      counts: { admitted: c.admitted, global429: c.global429, route429: c.route429, storm429: c.storm429, route429ByRoute: Object.fromEntries(c.route429ByRoute) },
      storms: api.limits.storms,
    };
    process.send?.({ report }, () => void api.stop().then(() => process.exit(0)));
  }
});
process.send?.({ api: api.api });
