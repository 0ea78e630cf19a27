import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseLanguageTag } from '../core/i18n/locales.js';

/** "false", "0", "no", "off" are false: a flag written in a .env file must mean what it says. */
const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return false;
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: 'expected true or false' });
    return z.NEVER;
  });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: readonly string[], example: string) =>
  optionalText.refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), { error: `expected a URL like ${example}` });

const userIds = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Every setting Plenary reads, parsed once at start (see .env.example). */
export const configSchema = z
  .object({
    DATABASE_URL: url(['postgresql', 'postgres'], 'postgresql://user@127.0.0.1:5432/plenary'),
    PLENARY_DATA_DIR: optionalText.transform((v) => v ?? './data'),
    PLENARY_MIGRATE_ON_START: flag,
    REDIS_URL: url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    PLENARY_QUEUE_PREFIX: optionalText.transform((v) => v ?? 'plenary'),
    PLENARY_SWEEP_SECONDS: optionalText
      .transform((v) => (v === undefined ? 30 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 3600, { error: 'expected whole seconds from 1 to 3600' }),
    PLENARY_JOB_LOCK_SECONDS: optionalText
      .transform((v) => (v === undefined ? 30 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 600, { error: 'expected whole seconds from 1 to 600' }),
    /** The web view (src/adapters/web): where it listens, its public address, its signing secret. */
    PLENARY_WEB: z.enum(['on', 'off']).optional().default('on'),
    PLENARY_WEB_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
    PLENARY_WEB_PORT: optionalText
      .transform((v) => (v === undefined ? 8080 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, { error: 'expected a TCP port from 0 to 65535' }),
    PLENARY_WEB_URL: url(['http', 'https'], 'https://plenary.example.org'),
    PLENARY_WEB_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, { error: 'expected at least 32 characters (or leave it unset: one is generated into PLENARY_DATA_DIR)' }),
    /** The operators' secret for /admin (the queue dashboard); unset: /admin is not served. */
    PLENARY_ADMIN_TOKEN: optionalText.refine((v) => v === undefined || (v.length >= 32 && !/\s/.test(v)), { error: 'expected at least 32 characters without spaces, e.g. `openssl rand -hex 32` (or leave it unset: no /admin)' }),
    /** The language of rooms no assembly speaks for yet (the Matrix greeting when the bot joins a room); unset: English. */
    PLENARY_DEFAULT_LANGUAGE: optionalText.transform((v, ctx) => {
      if (v === undefined) return undefined;
      const tag = parseLanguageTag(v);
      if (tag.ok) return tag.value;
      ctx.addIssue({ code: 'custom', message: tag.error.message });
      return z.NEVER;
    }),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional().default('info'),
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).optional().default('auto'),
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{15,25}$/.test(v), { error: 'expected the numeric application id' }),
    DISCORD_DEV_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{15,25}$/.test(v), { error: 'expected a numeric guild id' }),
    /** Discord's REST base (default https://discord.com/api): a proxy, or a local Discord in tests. */
    DISCORD_API_URL: url(['http', 'https'], 'https://discord.com/api'),
    /** The Server Members privileged intent is enabled for the bot (role electorates follow role changes live). */
    DISCORD_MEMBERS_INTENT: flag,
    DISCORD_ELECTORATE_SYNC_MINUTES: optionalText
      .transform((v) => (v === undefined ? 10 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 1440, { error: 'expected whole minutes from 0 (never) to 1440' }),
    MATRIX_HOMESERVER_URL: url(['http', 'https'], 'https://matrix.example.org'),
    MATRIX_ACCESS_TOKEN: optionalText,
    MATRIX_USER_ID: optionalText.refine((v) => v === undefined || /^@[^:]+:.+$/.test(v), { error: 'expected a Matrix user id like @plenary:example.org' }),
    MATRIX_PASSWORD: optionalText,
    MATRIX_COMMAND_PREFIX: optionalText.transform((v) => v ?? '!'),
    /** An application-service registration file (plenary matrix appservice-registration): the bot then takes transactions instead of syncing. */
    MATRIX_APPSERVICE_REGISTRATION: optionalText,
    /** Where the appservice listener binds, host:port (e.g. 0.0.0.0:9090 in a container); default: the registration url's host and port. */
    MATRIX_APPSERVICE_LISTEN: optionalText.refine((v) => v === undefined || parseListen(v) !== null, { error: 'expected host:port, like 0.0.0.0:9090 or [::]:9090' }),
    /** Invitations the Matrix bot accepts: "any" (default), "off", or a comma-separated allow-list of room ids, inviting users and homeservers. */
    MATRIX_AUTOJOIN: optionalText,
    /** End-to-end encryption for the Matrix bot (sync mode): "on" (default) or "off". Its crypto store is a file in PLENARY_DATA_DIR. */
    MATRIX_E2EE: optionalText.refine((v) => v === undefined || v === 'on' || v === 'off', { error: 'expected "on" or "off"' }).transform((v) => v !== 'off'),
    /** The deployment key file (federation, docs/FEDERATION-PROTOCOL.md §4); default `federation-key.json` in PLENARY_DATA_DIR. */
    PLENARY_FEDERATION_KEY_FILE: optionalText,
    /** The Matrix account that carries federation events (its own account: not the bot's, see README). Homeserver default: MATRIX_HOMESERVER_URL. */
    PLENARY_FEDERATION_MATRIX_HOMESERVER_URL: url(['http', 'https'], 'https://matrix.example.org'),
    PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN: optionalText,
    PLENARY_FEDERATION_MATRIX_USER_ID: optionalText.refine((v) => v === undefined || /^@[^:]+:.+$/.test(v), { error: 'expected a Matrix user id like @plenary-federation:example.org' }),
    PLENARY_FEDERATION_HEARTBEAT_HOURS: optionalText
      .transform((v) => (v === undefined ? 6 : Number(v)))
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 168, { error: 'expected hours from 0.01 to 168' }),
    /** How long a remote parent has to confirm a recall before the home assembly is told it did not (minutes, default 60). */
    PLENARY_FEDERATION_RECALL_CONFIRM_MINUTES: optionalText
      .transform((v) => (v === undefined ? 60 : Number(v)))
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 7 * 24 * 60, { error: 'expected minutes from 0.01 to 10080' }),
    PLENARY_FEDERATION_DORMANT_DAYS: optionalText
      .transform((v) => (v === undefined ? 7 : Number(v)))
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 365, { error: 'expected days from 0.01 to 365' }),
    /** A local assembly whose remote parent's deployment is silent this long becomes sovereign (leaves it; docs/FEDERATION-PROTOCOL.md §3 heartbeat). */
    PLENARY_FEDERATION_SOVEREIGN_DAYS: optionalText
      .transform((v) => (v === undefined ? 30 : Number(v)))
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 3650, { error: 'expected days from 0.01 to 3650' }),
    /** Each peer deployment's quota (docs/FEDERATION-PROTOCOL.md §5): events a second it may have applied, after a burst (default 20 and 200). */
    PLENARY_FEDERATION_PEER_RATE: optionalText
      .transform((v) => (v === undefined ? 20 : Number(v)))
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 100_000, { error: 'expected events a second from 0.01 to 100000' }),
    PLENARY_FEDERATION_PEER_BURST: optionalText
      .transform((v) => (v === undefined ? 200 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, { error: 'expected a whole number of events from 1 to 1000000' }),
    /** Matrix users whose messages and invitations the bot ignores (other bots, bridges): comma-separated user ids. */
    MATRIX_IGNORE_USERS: optionalText
      .refine((v) => v === undefined || userIds(v).every((u) => /^@[^:\s]+:\S+$/.test(u)), { error: 'expected comma-separated Matrix user ids like @otherbot:example.org' })
      .transform((v) => new Set(v === undefined ? [] : userIds(v))),
  });

/** Set and not blank, read from the raw values: these checks run whether or not the variables themselves parsed. */
const given = (raw: Record<string, unknown>, name: string): boolean => typeof raw[name] === 'string' && raw[name].trim() !== '';

/**
 * Rules between variables. Checked on the raw values next to the schema (not
 * in a refinement, which zod runs only once every variable parsed), so one
 * run reports every problem.
 */
function crossFieldProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (given(raw, 'DISCORD_TOKEN') && !given(raw, 'DISCORD_APPLICATION_ID')) problems.push('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
  if (given(raw, 'MATRIX_HOMESERVER_URL') && !given(raw, 'MATRIX_ACCESS_TOKEN') && !given(raw, 'MATRIX_APPSERVICE_REGISTRATION') && !(given(raw, 'MATRIX_USER_ID') && given(raw, 'MATRIX_PASSWORD'))) {
    problems.push('MATRIX_ACCESS_TOKEN: required when MATRIX_HOMESERVER_URL is set (or MATRIX_USER_ID + MATRIX_PASSWORD, or MATRIX_APPSERVICE_REGISTRATION)');
  }
  if (given(raw, 'PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN') !== given(raw, 'PLENARY_FEDERATION_MATRIX_USER_ID')) problems.push('PLENARY_FEDERATION_MATRIX_USER_ID: set together with PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN (the federation account)');
  if (given(raw, 'PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN') && !given(raw, 'PLENARY_FEDERATION_MATRIX_HOMESERVER_URL') && !given(raw, 'MATRIX_HOMESERVER_URL')) problems.push('PLENARY_FEDERATION_MATRIX_HOMESERVER_URL: required for the federation account when MATRIX_HOMESERVER_URL is not set');
  if (given(raw, 'PLENARY_ADMIN_TOKEN') && raw.PLENARY_ADMIN_TOKEN === raw.PLENARY_WEB_SECRET) problems.push('PLENARY_ADMIN_TOKEN: must differ from PLENARY_WEB_SECRET (the secret that signs members\' links is no operator password)');
  return problems;
}

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Environment first, then an optional JSON file (PLENARY_CONFIG) for values the
 * environment does not set. Returns every problem at once, not just the first.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let merged: Record<string, unknown> = { ...env };
  const file = env.PLENARY_CONFIG;
  if (file) {
    try {
      const fromFile = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) return { ok: false, problems: [`PLENARY_CONFIG: ${file} must hold a JSON object of VARIABLE: "value" pairs`] };
      merged = { ...Object.fromEntries(Object.entries(fromFile).map(([k, v]) => [k, String(v)])), ...merged };
    } catch (e) {
      return { ok: false, problems: [`PLENARY_CONFIG: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  const parsed = configSchema.safeParse(merged);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)), ...crossFieldProblems(merged)];
  if (parsed.success && problems.length === 0) return { ok: true, config: parsed.data };
  return { ok: false, problems };
}

/** `host:port` (IPv6 in brackets) → the parts; null when it is not one. */
export function parseListen(v: string): { readonly host: string; readonly port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v.trim());
  const port = Number(m?.[2]);
  if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}
