import { DEFAULT_LANGUAGE, speechFor } from '../../core/i18n/index.js';
import { err, ok, type Result } from '../../core/shared/result.js';
import { serverOf } from './matrix-events.js';

/**
 * Which invitations the bot accepts, from MATRIX_AUTOJOIN. Anyone can invite
 * a bot into a room, and where the bot sits it posts and hosts assemblies,
 * so by default (unset, or `home`) it accepts only people of its own
 * homeserver. Otherwise a comma-separated allow-list of `home`, room ids
 * (`!abc:example.org`), inviting users (`@ana:example.org`) and homeservers
 * of the inviter (`example.org`); `any` joins every room (the old default,
 * for a private homeserver), `off` none.
 */
export type AutojoinPolicy =
  | { readonly kind: 'any' }
  | { readonly kind: 'off' }
  | { readonly kind: 'list'; readonly home: boolean; readonly rooms: ReadonlySet<string>; readonly users: ReadonlySet<string>; readonly servers: ReadonlySet<string> };

const HOME_ONLY: AutojoinPolicy = { kind: 'list', home: true, rooms: new Set(), users: new Set(), servers: new Set() };

export function parseAutojoinPolicy(raw: string | undefined): Result<AutojoinPolicy> {
  const text = (raw ?? '').trim();
  if (text === '') return ok(HOME_ONLY);
  if (text.toLowerCase() === 'any') return ok({ kind: 'any' });
  if (text.toLowerCase() === 'off') return ok({ kind: 'off' });
  let home = false;
  const rooms = new Set<string>();
  const users = new Set<string>();
  const servers = new Set<string>();
  for (const entry of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (entry.toLowerCase() === 'home') home = true;
    else if (/^![^:\s]+:\S+$/.test(entry)) rooms.add(entry);
    else if (/^@[^:\s]+:\S+$/.test(entry)) users.add(entry);
    else if (/^[a-z0-9.-]+(:\d+)?$/i.test(entry)) servers.add(entry.toLowerCase());
    else return err('bad-input', `MATRIX_AUTOJOIN: "${entry}" is not home, a room id (!id:server), a user id (@name:server) or a homeserver name`);
  }
  return ok({ kind: 'list', home, rooms, users, servers });
}

/** `homeServer`: the bot's own homeserver (the server part of its user id). */
export function mayJoin(policy: AutojoinPolicy, roomId: string, inviter: string, homeServer: string): boolean {
  switch (policy.kind) {
    case 'any':
      return true;
    case 'off':
      return false;
    case 'list': {
      const server = serverOf(inviter).toLowerCase();
      return (policy.home && server === homeServer.toLowerCase()) || policy.rooms.has(roomId) || policy.users.has(inviter) || policy.servers.has(server);
    }
  }
}

/** The policy in words, for `plenary doctor` and the log line at start. */
export function describeAutojoin(policy: AutojoinPolicy, homeServer?: string): string {
  switch (policy.kind) {
    case 'any':
      return 'accepts invitations from anyone on any homeserver (MATRIX_AUTOJOIN=any)';
    case 'off':
      return 'accepts no invitations (MATRIX_AUTOJOIN=off)';
    case 'list': {
      const parts = [
        ...(policy.home ? [`users of its own homeserver${homeServer ? ` (${homeServer})` : ''}`] : []),
        ...[...policy.servers].map((s) => `users of ${s}`),
        ...[...policy.users],
        ...[...policy.rooms].map((r) => `room ${r}`),
      ];
      return `accepts invitations only from ${parts.length > 0 ? parts.join(', ') : 'nobody'}; declines the rest`;
    }
  }
}

/** The reason a declined inviter sees on the bot's leave event. */
export const declineReason = (language: string = DEFAULT_LANGUAGE): string => speechFor(language).t('adapter.matrix.declineInvite');
