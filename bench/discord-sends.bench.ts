/**
 * npm run bench:discord-sends — one proposal relayed into N Discord channels
 * through the real send lane (the relay's outbox rows of 10 messages, the
 * `platform.discord` lane with its limiter and concurrency, the fenced send
 * handler, DiscordRoomSender, discord.js REST and its pacer) against a
 * loopback Discord API in a process of its own that enforces Discord's
 * documented limits (test/support/discord-rate-limits.ts: 50 requests in any
 * second per token, per-route buckets with X-RateLimit-* headers, 429 with
 * Retry-After). Two runs: N channels steady (the rate), then N/4 channels
 * with a 429 storm once 40% have their message (every request refused for
 * --storm-ms). Prints the achieved requests/s as a share of the allowed 50/s,
 * the 429s (global outside the storm, per route, in the storm) and lost /
 * duplicated messages over both runs. Writes bench/results/discord-sends.json.
 *
 * Options: --channels N (2000), --latency-ms N (round trip added by the API, 60),
 * --storm-ms N (3000; 0: no storm run), --queue memory|redis (memory: `plenary
 * start` without REDIS_URL; redis: BullMQ's fleet-wide limiter, REDIS_URL or
 * redis://127.0.0.1:6379), --lane-concurrency N (jobs at once on the lane;
 * default what `plenary start` uses).
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BullmqJobQueue } from '../src/adapters/queue/bullmq-job-queue.js';
import { InProcessJobQueue } from '../src/adapters/queue/in-process-job-queue.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import { relayIntoChannels } from '../test/support/discord-send-lane.js';
import type { ApiReport } from './discord-sends/api-process.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const CHANNELS = Number(arg('channels', '2000'));
const LATENCY = Number(arg('latency-ms', '60'));
const STORM_MS = Number(arg('storm-ms', '3000'));
const QUEUE = arg('queue', 'memory');
const LANE = Number(arg('lane-concurrency', '0'));
const ALLOWED = 50;

interface Run {
  readonly channels: number;
  readonly requests: number;
  readonly okRequests: number;
  readonly secondsWithBudget: number;
  readonly requestsPerSecond: number;
  readonly shareOfAllowedRate: number;
  readonly global429: number;
  readonly route429: number;
  readonly route429ByRoute: Record<string, number>;
  readonly storm429: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly nonceRepeats: number;
  readonly sendJobs: number;
  readonly outboxDone: number;
  readonly outboxFailed: number;
  readonly wallSeconds: number;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly loadAverage: number;
}

async function run(channels: number, stormMs: number, tag: string): Promise<Run> {
  const child = fork('bench/discord-sends/api-process.ts', [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_LATENCY_MS: String(LATENCY) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const api = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { api: string }) => resolve(m.api));
    child.once('exit', (code) => reject(new Error(`the loopback API exited (${code})`)));
  });
  const channelIds = Array.from({ length: channels }, (_, i) => String(900_000_000_000_000_000n + BigInt(i)));
  const prefix = `plenary-bench-discord-${process.pid}-${tag}`;
  const queue = QUEUE === 'redis' ? new BullmqJobQueue({ prefix, log: silentLogger, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }) : new InProcessJobQueue({ prefix, log: silentLogger });
  // The machine is shared: how late this process's timers ran says how much of a shortfall is CPU starvation.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let sent = 0;
  const stormAfter = stormMs > 0 ? Math.floor(channels * 0.4) : Number.POSITIVE_INFINITY;
  const outcome = await relayIntoChannels({
    api,
    token: 'bench-token',
    channelIds,
    queue,
    log: silentLogger,
    timeoutMs: 1_800_000,
    ...(LANE > 0 ? { laneConcurrency: LANE } : {}),
    onSent: () => {
      if (++sent === stormAfter) child.send({ storm: stormMs });
    },
  });
  loopDelay.disable();
  await queue.close();
  const report = await new Promise<ApiReport>((resolve) => {
    child.once('message', (m: { report: ApiReport }) => resolve(m.report));
    child.send({ report: true });
  });
  const sends = report.requests.filter((r) => r.method === 'POST');
  const first = sends[0]?.at ?? 0;
  const last = sends.filter((r) => r.status === 200).at(-1)?.at ?? first;
  const stormed = report.storms.reduce((sum, s) => sum + Math.max(0, Math.min(last, s.to) - Math.max(first, s.from)), 0);
  const okRequests = report.requests.filter((r) => r.status === 200).length;
  const secondsWithBudget = Math.max(0.001, (last - first - stormed) / 1000);
  const posted = new Map(report.posted);
  return {
    channels,
    requests: report.requests.length,
    okRequests,
    secondsWithBudget,
    requestsPerSecond: okRequests / secondsWithBudget,
    shareOfAllowedRate: okRequests / secondsWithBudget / ALLOWED,
    global429: report.counts.global429,
    route429: report.counts.route429,
    route429ByRoute: report.counts.route429ByRoute,
    storm429: report.counts.storm429,
    lost: channelIds.filter((c) => !posted.has(c)).length,
    duplicated: [...posted.values()].reduce((n, count) => n + Math.max(0, count - 1), 0),
    nonceRepeats: report.nonceRepeats,
    sendJobs: outcome.jobs,
    outboxDone: outcome.finishedOk,
    outboxFailed: outcome.finishedFailed + outcome.failedJobs,
    wallSeconds: outcome.wallMs / 1000,
    eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    loadAverage: loadavg()[0] ?? 0,
  };
}

function print(name: string, r: Run): void {
  process.stdout.write(
    [
      `${name}: ${r.channels} channels, ${r.sendJobs} send jobs; achieved ${r.requestsPerSecond.toFixed(1)} requests/s of ${ALLOWED}: ${(r.shareOfAllowedRate * 100).toFixed(1)}% over ${r.secondsWithBudget.toFixed(1)} s with budget (wall ${r.wallSeconds.toFixed(1)} s)`,
      `  429s: global ${r.global429}, per route ${r.route429} ${JSON.stringify(r.route429ByRoute)}, in the storm ${r.storm429}; lost ${r.lost}, duplicated ${r.duplicated}, nonce repeats ${r.nonceRepeats}; outbox rows done ${r.outboxDone}/${r.sendJobs}, failed ${r.outboxFailed}`,
      `  this process's event-loop delay p50 ${r.eventLoopDelayMs.p50.toFixed(0)} ms, p99 ${r.eventLoopDelayMs.p99.toFixed(0)} ms, max ${r.eventLoopDelayMs.max.toFixed(0)} ms; load average ${r.loadAverage.toFixed(1)}`,
      '',
    ].join('\n'),
  );
}

process.stdout.write(`discord sends: queue ${QUEUE}, API round trip ${LATENCY} ms, storm ${STORM_MS} ms\n`);
const steady = await run(CHANNELS, 0, 'steady');
print('steady', steady);
const storm = STORM_MS > 0 ? await run(Math.max(1, Math.floor(CHANNELS / 4)), STORM_MS, 'storm') : null;
if (storm) print('storm', storm);
const figures = {
  channels: CHANNELS,
  queue: QUEUE,
  latencyMs: LATENCY,
  stormMs: STORM_MS,
  shareOfAllowedRate: steady.shareOfAllowedRate,
  requestsPerSecond: steady.requestsPerSecond,
  global429: steady.global429 + (storm?.global429 ?? 0),
  route429: steady.route429 + (storm?.route429 ?? 0),
  storm429: storm?.storm429 ?? 0,
  lost: steady.lost + (storm?.lost ?? 0),
  duplicated: steady.duplicated + (storm?.duplicated ?? 0),
  steady,
  storm,
};
const checks = { rate: figures.shareOfAllowedRate >= 0.95, noGlobal429OutsideStorm: figures.global429 === 0, noneLost: figures.lost === 0, noneDuplicated: figures.duplicated === 0, everyJobDone: steady.outboxDone === steady.sendJobs && (storm ? storm.outboxDone === storm.sendJobs : true) };
process.stdout.write(`checks: ${Object.entries(checks).map(([k, v]) => `${k} ${v ? 'OK' : 'FAILED'}`).join(', ')}\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/discord-sends.json', JSON.stringify({ ...figures, checks }, null, 2));
if (Object.values(checks).some((v) => !v)) process.exitCode = 1;
