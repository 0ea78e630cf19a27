/**
 * Discord's REST rate limits as its documentation describes them
 * (docs.discord.com/developers/topics/rate-limits), for loopback servers
 * (the bench's API, the twin's proxy):
 *
 * - global: at most 50 requests in any one second per bot token
 *   (interaction callbacks are exempt), answered with 429,
 *   `X-RateLimit-Global: true`, `X-RateLimit-Scope: global`;
 * - per route: a bucket per route template and top-level resource
 *   (channel, guild, webhook), a fixed window opened by its first request;
 *   every answer carries `X-RateLimit-Limit`, `-Remaining`, `-Reset`,
 *   `-Reset-After` and `-Bucket`; over it, 429 with `X-RateLimit-Scope: user`;
 * - a 429 has `Retry-After` (whole seconds, rounded up) and a JSON body
 *   `{ message, retry_after (seconds, float), global }`;
 * - a storm: for a while every request is refused with a global 429 (what a
 *   bot sees when Discord sheds load), counted apart from the others.
 *
 * The global window is sliding, stricter than a fixed per-second counter: a
 * client that passes it passes any one-second window Discord may use.
 */

export interface RouteLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface DiscordRateLimitOptions {
  /** Requests per second per token (Discord: 50). */
  readonly globalPerSecond?: number;
  /** The limit of a route template (`POST /channels/:id/messages`); default 5 per 5 s, Discord's usual per-channel figure. */
  readonly routeLimit?: (method: string, template: string) => RouteLimit;
  readonly now?: () => number;
}

export interface RateVerdict {
  readonly status: 200 | 429;
  readonly headers: Readonly<Record<string, string>>;
  /** Set for a 429. */
  readonly body?: { readonly message: string; readonly retry_after: number; readonly global: boolean; readonly code?: number };
  readonly kind?: 'global' | 'route' | 'storm';
}

export interface RateCounts {
  admitted: number;
  global429: number;
  route429: number;
  storm429: number;
  /** Per-route 429s by route template. */
  readonly route429ByRoute: Map<string, number>;
  /** Admitted requests by route template. */
  readonly admittedByRoute: Map<string, number>;
}

interface Bucket {
  windowStart: number;
  used: number;
}

const DEFAULT_ROUTE: RouteLimit = { limit: 5, windowMs: 5000 };
const MAJOR = /^\/(channels|guilds|webhooks)\/(\d+)/;

/** `/channels/123/messages/456` → major `channels/123`, template `/channels/:id/messages/:id`. */
export function routeOf(path: string): { template: string; major: string } {
  const clean = path.replace(/^\/api(\/v\d+)?/, '').split('?')[0] ?? '/';
  const m = MAJOR.exec(clean);
  // Webhook tokens are part of the major parameter; interaction tokens are not ids.
  const template = clean.replace(/\/\d{5,}/g, '/:id').replace(/^(\/(?:webhooks|interactions)\/:id)\/[^/]+/, '$1/:token');
  return { template, major: m ? `${m[1]}/${m[2]}` : 'none' };
}

export class DiscordRateLimits {
  readonly counts: RateCounts = { admitted: 0, global429: 0, route429: 0, storm429: 0, route429ByRoute: new Map(), admittedByRoute: new Map() };
  private readonly perSecond: number;
  private readonly routeLimit: (method: string, template: string) => RouteLimit;
  private readonly now: () => number;
  /** Per token: the times of admitted requests in the last second, oldest first. */
  private readonly recent = new Map<string, number[]>();
  private readonly buckets = new Map<string, Bucket>();
  private stormUntil = 0;
  /** Storm intervals, to tell the run's time with a budget from the time without. */
  readonly storms: { from: number; to: number }[] = [];

  constructor(o: DiscordRateLimitOptions = {}) {
    this.perSecond = o.globalPerSecond ?? 50;
    this.routeLimit = o.routeLimit ?? (() => DEFAULT_ROUTE);
    this.now = o.now ?? (() => Date.now());
  }

  /** From now on, for `durationMs`, every request gets a global 429 whose retry_after is the rest of the storm. */
  storm(durationMs: number): void {
    const at = this.now();
    this.stormUntil = at + durationMs;
    this.storms.push({ from: at, to: at + durationMs });
  }

  /** Decides one request: admitted (with its bucket's headers) or a 429. `token` is the Authorization header. */
  check(token: string, method: string, path: string): RateVerdict {
    const now = this.now();
    const { template, major } = routeOf(path);
    const routeName = `${method} ${template}`;
    // Interaction callbacks are not bound to the global limit (Discord's docs, "Global Rate Limit").
    const exempt = template.startsWith('/interactions/');
    if (!exempt && now < this.stormUntil) {
      this.counts.storm429++;
      return tooMany('storm', this.stormUntil - now, { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
    }
    const times = this.recent.get(token) ?? [];
    this.recent.set(token, times);
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    if (!exempt && times.length >= this.perSecond) {
      this.counts.global429++;
      return tooMany('global', times[0]! + 1000 - now, { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
    }
    const rule = this.routeLimit(method, template);
    const hash = bucketHash(routeName);
    const key = `${token} ${hash} ${major}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.windowStart + rule.windowMs) {
      bucket = { windowStart: now, used: 0 };
      this.buckets.set(key, bucket);
    }
    const resetAfterMs = bucket.windowStart + rule.windowMs - now;
    const headers = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': ((now + resetAfterMs) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (resetAfterMs / 1000).toFixed(3),
      'X-RateLimit-Bucket': hash,
    });
    if (bucket.used >= rule.limit) {
      this.counts.route429++;
      this.counts.route429ByRoute.set(routeName, (this.counts.route429ByRoute.get(routeName) ?? 0) + 1);
      return tooMany('route', resetAfterMs, { ...headers(0), 'X-RateLimit-Scope': 'user' });
    }
    bucket.used++;
    if (!exempt) times.push(now);
    this.counts.admitted++;
    this.counts.admittedByRoute.set(routeName, (this.counts.admittedByRoute.get(routeName) ?? 0) + 1);
    return { status: 200, headers: headers(rule.limit - bucket.used) };
  }

  /** Milliseconds of storm between `from` and `to`. */
  stormMsBetween(from: number, to: number): number {
    return this.storms.reduce((sum, s) => sum + Math.max(0, Math.min(to, s.to) - Math.max(from, s.from)), 0);
  }
}

function tooMany(kind: 'global' | 'route' | 'storm', waitMs: number, extra: Record<string, string>): RateVerdict {
  const seconds = Math.max(0.001, waitMs / 1000);
  return {
    status: 429,
    kind,
    headers: { ...extra, 'Retry-After': String(Math.ceil(seconds)) },
    body: { message: 'You are being rate limited.', retry_after: Number(seconds.toFixed(3)), global: kind !== 'route' },
  };
}

/** A stable opaque bucket id per route, as Discord's X-RateLimit-Bucket (not including the top-level resource). */
function bucketHash(route: string): string {
  let h = 2166136261;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}
