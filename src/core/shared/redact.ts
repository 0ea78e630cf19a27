/**
 * Keeps secrets out of anything a person or a log shipper reads: log lines,
 * `plenary doctor`, errors shown to members. One helper, used by the logger's
 * configuration and by every place that prints an error or a URL, so a
 * password in DATABASE_URL or a bot token in an error message is replaced
 * the same way everywhere.
 */
export const REDACTED = '[redacted]';

/** Field names whose values are secrets wherever they appear in a logged object. */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'passwd',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'botToken',
  'authorization',
  'Authorization',
  'cookie',
  'DISCORD_TOKEN',
  'MATRIX_ACCESS_TOKEN',
  'MATRIX_PASSWORD',
  'DATABASE_URL',
  'REDIS_URL',
];

const PATTERNS: readonly [RegExp, string | ((...m: string[]) => string)][] = [
  // user:password@ in any URL (postgresql://, redis://, rediss://, https://); the user name stays for diagnosis.
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s@/?#]*)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`],
  // Secrets passed as query parameters or key=value pairs.
  [/\b(access_token|token|password|passwd|secret|apikey|api_key)=([^\s&"',;]+)/gi, (_m, key: string) => `${key}=${REDACTED}`],
  // HTTP authorization schemes as they appear in printed requests.
  [/\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme: string) => `${scheme} ${REDACTED}`],
  // Discord bot tokens: base64 user id, timestamp, HMAC.
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g, REDACTED],
  // Synapse / matrix-authentication-service access and refresh tokens.
  [/\b(syt|syr|mat|mct|mar)_[A-Za-z0-9_-]{10,}\b/g, REDACTED],
];

/**
 * Replaces every secret in `text`: the known values (the configured token,
 * password, URL passwords) and anything shaped like a credential.
 */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

/** The secret values in a configuration, to be redacted wherever they turn up (also inside other text). */
export function secretsOf(config: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const key of ['DISCORD_TOKEN', 'MATRIX_ACCESS_TOKEN', 'MATRIX_PASSWORD', 'PLENARY_WEB_SECRET', 'PLENARY_ADMIN_TOKEN', 'PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN']) {
    const v = config[key];
    if (typeof v === 'string' && v !== '') out.push(v);
  }
  for (const key of ['DATABASE_URL', 'REDIS_URL']) {
    const v = config[key];
    if (typeof v !== 'string') continue;
    try {
      const password = decodeURIComponent(new URL(v).password);
      if (password !== '') out.push(password, encodeURIComponent(password));
    } catch {
      // Not a URL: the config schema reports it; nothing to take from it here.
    }
  }
  return [...new Set(out)];
}

/**
 * A copy of a value with secret fields and secret-looking strings replaced,
 * for objects that are about to be printed. Depth-limited: log fields are
 * small, and a cycle or a huge object must not stall a log call.
 */
export function redactValue(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, known);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, depth + 1));
  if (value instanceof Error) return redactError(value, known);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && v !== undefined && v !== null ? REDACTED : redactValue(v, known, depth + 1);
  return out;
}

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));
const isSecretKey = (k: string): boolean => SECRET_KEY_SET.has(k.toLowerCase());

/** Properties a driver hangs on its errors that hold live objects and connection settings (pg-pool's `err.client`): never printed. */
const UNSAFE_ERROR_KEYS = new Set(['client', 'connection', 'pool', 'config', 'connectionParameters', 'socket']);

/** An error as a plain object (type, message, stack, code, cause) with secrets replaced and driver objects left out. */
export function redactError(e: Error, known: readonly string[] = [], depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { type: e.name, message: redactText(e.message, known) };
  if (e.stack) out.stack = redactText(e.stack, known);
  for (const [k, v] of Object.entries(e)) {
    if (k === 'message' || k === 'stack' || UNSAFE_ERROR_KEYS.has(k)) continue;
    out[k] = isSecretKey(k) ? REDACTED : depth > 3 ? '[…]' : redactValue(v, known, depth + 2);
  }
  if (e.cause !== undefined) out.cause = e.cause instanceof Error && depth < 3 ? redactError(e.cause, known, depth + 1) : redactValue(e.cause, known, depth + 2);
  return out;
}
