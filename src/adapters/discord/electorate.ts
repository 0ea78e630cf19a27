import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIGuildMember, type REST } from 'discord.js';
import type { ElectorateSource, RoleHolder } from '../../core/ports/electorate-source.port.js';
import type { AccessOutcome } from '../../core/ports/room-access.port.js';
import type { Logger } from '../../core/ports/logger.port.js';

export interface DiscordElectorateOptions {
  readonly rest: REST;
  readonly log: Logger;
  /**
   * The bot has the Server Members privileged intent (enabled in the
   * Developer Portal, `DISCORD_MEMBERS_INTENT=true`): it may list a server's
   * members, and receives role changes as GUILD_MEMBER_UPDATE events.
   * Without it: one member at a time (join by command checks the role, the
   * periodic sync checks each member).
   */
  readonly membersIntent: boolean;
}

const displayName = (m: APIGuildMember): string => m.nick ?? m.user.global_name ?? m.user.username;

/** Discord roles as electorates, over REST (any process, any shard). */
export class DiscordElectorate implements ElectorateSource {
  constructor(private readonly o: DiscordElectorateOptions) {}

  async holdsRole(serverId: string, userId: string, roleId: string): Promise<boolean | null> {
    try {
      // One member needs no privileged intent.
      const m = (await this.o.rest.get(Routes.guildMember(serverId, userId))) as APIGuildMember;
      return m.roles.includes(roleId);
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.UnknownMember) return false;
      this.o.log.warn({ err: e, serverId }, 'could not read a member to check the electorate role');
      return null;
    }
  }

  async roleHolders(serverId: string, roleId: string): Promise<readonly RoleHolder[] | null> {
    if (!this.o.membersIntent) return null;
    const out: RoleHolder[] = [];
    let after = '0';
    for (;;) {
      const page = (await this.o.rest.get(Routes.guildMembers(serverId), { query: new URLSearchParams({ limit: '1000', after }) })) as APIGuildMember[];
      for (const m of page) if (m.roles.includes(roleId) && !m.user.bot) out.push({ userId: m.user.id, displayName: displayName(m) });
      const last = page.at(-1);
      if (page.length < 1000 || !last) return out;
      after = last.user.id;
    }
  }

  async removeRole(serverId: string, userId: string, roleId: string, reason: string): Promise<AccessOutcome> {
    try {
      await this.o.rest.delete(Routes.guildMemberRole(serverId, userId, roleId), { reason });
      return { ok: true, changed: true };
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.UnknownMember) return { ok: true, changed: false };
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.MissingPermissions) return { ok: false, retry: false, reason: 'Missing Permissions: Plenary needs Manage Roles and a role above the electorate role.' };
      return { ok: false, retry: true, reason: e instanceof Error ? e.message : String(e) };
    }
  }
}
