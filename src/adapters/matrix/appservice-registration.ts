import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * An application-service registration (Matrix application service API): the
 * homeserver pushes the bot's events to `url` as transactions signed with
 * `hs_token`, and the bot acts as `@sender_localpart:server` with `as_token`,
 * outside the rate limits ordinary users have (`rate_limited: false`).
 */
export interface AppserviceRegistration {
  readonly id: string;
  readonly url: string;
  readonly as_token: string;
  readonly hs_token: string;
  readonly sender_localpart: string;
  readonly rate_limited: boolean;
  readonly namespaces: { readonly users: readonly { readonly exclusive: boolean; readonly regex: string }[]; readonly aliases: readonly unknown[]; readonly rooms: readonly unknown[] };
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A new registration for the bot: its sender alone in an exclusive user namespace, fresh random tokens. */
export function newRegistration(o: { readonly url: string; readonly serverName: string; readonly localpart: string; readonly id?: string }): AppserviceRegistration {
  const token = (): string => randomBytes(32).toString('base64url');
  return {
    id: o.id ?? 'plenary',
    url: o.url,
    as_token: token(),
    hs_token: token(),
    sender_localpart: o.localpart,
    rate_limited: false,
    namespaces: { users: [{ exclusive: true, regex: `^@${escapeRegex(o.localpart)}:${escapeRegex(o.serverName)}$` }], aliases: [], rooms: [] },
  };
}

/** The file to give the homeserver: JSON, which is also YAML (Synapse's app_service_config_files read it as is). */
export const registrationFile = (r: AppserviceRegistration): string => `${JSON.stringify(r, null, 2)}\n`;

const schema = z.object({
  id: z.string().min(1),
  url: z.string().regex(/^https?:\/\/[^/]+/, 'expected the URL the homeserver pushes transactions to, like http://127.0.0.1:9090'),
  as_token: z.string().min(16),
  hs_token: z.string().min(16),
  sender_localpart: z.string().regex(/^[a-z0-9._=\-/]+$/, 'expected a user id localpart'),
  rate_limited: z.boolean().default(false),
  namespaces: z.object({ users: z.array(z.object({ exclusive: z.boolean(), regex: z.string() })).default([]), aliases: z.array(z.unknown()).default([]), rooms: z.array(z.unknown()).default([]) }),
});

/** Reads a registration this command wrote (JSON); a hand-written YAML one must be converted to JSON first. */
export function parseRegistration(text: string, file: string): AppserviceRegistration {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not a registration written by plenary matrix appservice-registration (it writes JSON, which Synapse reads as YAML)`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
