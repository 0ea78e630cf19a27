import type { Logger } from '../../core/ports/logger.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { electorates, followRole, syncElectorates, type Electorate } from '../../core/services/electorate.service.js';
import type { DiscordElectorate } from './electorate.js';

/** The GUILD_MEMBER_UPDATE payload fields this uses. */
export interface GuildMemberUpdate {
  readonly guild_id: string;
  readonly roles: readonly string[];
  readonly nick?: string | null;
  readonly user: { readonly id: string; readonly username: string; readonly global_name?: string | null; readonly bot?: boolean };
}

export interface RoleElectoratesOptions {
  readonly core: CoreDeps;
  readonly source: DiscordElectorate;
  readonly log: Logger;
  /** 0: no periodic sync. */
  readonly syncMs: number;
}

/**
 * Role electorates on Discord: a member's role change (GUILD_MEMBER_UPDATE,
 * sent only with the Server Members intent) joins or leaves them in every
 * assembly of that server whose electorate is one of the roles concerned,
 * in the order the events came; a periodic sync catches what no event said.
 * An assembly that has just set its electorate role follows events within a
 * minute (or at once after a sync).
 */
export class RoleElectorates {
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: ReturnType<typeof setInterval> | null;
  /** Which assemblies follow a role (one indexed query, `roleElectorateAssemblyIds`), read at most once a minute. */
  private known: { at: number; list: Promise<Electorate[]> } | null = null;

  constructor(private readonly o: RoleElectoratesOptions) {
    this.timer = o.syncMs > 0 ? setInterval(() => void this.sync(), o.syncMs) : null;
    this.timer?.unref();
  }

  memberUpdated(u: GuildMemberUpdate): void {
    if (u.user.bot) return;
    void this.enqueue(async () => {
      const account = { platform: 'discord' as const, externalId: u.user.id, displayName: u.nick ?? u.user.global_name ?? u.user.username };
      for (const e of (await this.electorates()).filter((x) => x.serverId === u.guild_id)) {
        const change = await followRole(this.o.core, e.assembly.id, account, u.roles.includes(e.roleId));
        if (change !== 'unchanged') this.o.log.info({ assemblyId: e.assembly.id, change }, 'membership followed a role change');
      }
    });
  }

  private electorates(): Promise<Electorate[]> {
    const now = Date.now();
    if (!this.known || now - this.known.at > 60_000) this.known = { at: now, list: electorates(this.o.core, 'discord') };
    return this.known.list;
  }

  /** Brings every role electorate in line now; resolves when done. */
  sync(): Promise<void> {
    return this.enqueue(async () => {
      // A sync also picks up assemblies that set or dropped a role since the last look.
      this.known = null;
      const out = await syncElectorates(this.o.core, 'discord', this.o.source);
      if (out.joined + out.left > 0) this.o.log.info({ ...out }, 'role electorates synced');
    });
  }

  /** Lets queued changes finish and stops the periodic sync. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step).catch((e: unknown) => this.o.log.warn({ err: e }, 'role electorate update failed; the next sync retries it'));
    this.chain = run;
    return run;
  }
}
