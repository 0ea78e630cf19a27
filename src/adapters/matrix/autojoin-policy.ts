import { err, ok, type Result } from '../../core/shared/result.js';
import { serverOf } from './matrix-events.js';

/**
 * Which invitations the bot accepts. `any` (the default) joins every room it
 * is invited to; `off` joins none; otherwise a comma-separated allow-list of
 * room ids (`!abc:example.org`), inviting users (`@ana:example.org`) and
 * homeservers of the inviter (`example.org`). Read from MATRIX_AUTOJOIN.
 */
export type AutojoinPolicy =
  | { readonly kind: 'any' }
  | { readonly kind: 'off' }
  | { readonly kind: 'list'; readonly rooms: ReadonlySet<string>; readonly users: ReadonlySet<string>; readonly servers: ReadonlySet<string> };

export function parseAutojoinPolicy(raw: string | undefined): Result<AutojoinPolicy> {
  const text = (raw ?? '').trim();
  if (text === '' || text.toLowerCase() === 'any') return ok({ kind: 'any' });
  if (text.toLowerCase() === 'off') return ok({ kind: 'off' });
  const rooms = new Set<string>();
  const users = new Set<string>();
  const servers = new Set<string>();
  for (const entry of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (/^![^:\s]+:\S+$/.test(entry)) rooms.add(entry);
    else if (/^@[^:\s]+:\S+$/.test(entry)) users.add(entry);
    else if (/^[a-z0-9.-]+(:\d+)?$/i.test(entry)) servers.add(entry.toLowerCase());
    else return err('bad-input', `MATRIX_AUTOJOIN: "${entry}" is not a room id (!id:server), a user id (@name:server) or a homeserver name`);
  }
  return ok({ kind: 'list', rooms, users, servers });
}

export function mayJoin(policy: AutojoinPolicy, roomId: string, inviter: string): boolean {
  switch (policy.kind) {
    case 'any':
      return true;
    case 'off':
      return false;
    case 'list':
      return policy.rooms.has(roomId) || policy.users.has(inviter) || policy.servers.has(serverOf(inviter).toLowerCase());
  }
}
