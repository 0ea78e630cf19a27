import { Client, Events, GatewayIntentBits, RESTEvents, Routes, type APIUser, type REST } from 'discord.js';
import { DiscordElectorate } from '../adapters/discord/electorate.js';
import { RoleElectorates, type GuildMemberUpdate } from '../adapters/discord/role-electorates.js';
import { DiscordRoomAccess } from '../adapters/discord/room-access.js';
import { DiscordRoomSender } from '../adapters/discord/room-sender.js';
import { FormState } from '../adapters/discord/form-state.js';
import { InteractionRouter } from '../adapters/discord/interaction-router.js';
import { LiveTallyUpdater } from '../adapters/discord/live-tally-updater.js';
import { NO_MENTIONS } from '../adapters/discord/render-message.js';
import { PACED_SHARE, pacedRequest, RequestPacer } from '../adapters/discord/rest-pacer.js';
import { restShare } from '../adapters/discord/sharding.js';
import { slashCommands } from '../adapters/discord/slash-commands.js';
import type { CommandSpec } from '../core/commands/command.js';
import type { Logger } from '../core/ports/logger.port.js';
import { FakeMessageLog, type MessageLog } from '../core/ports/message-log.port.js';
import type { CoreDeps } from '../core/services/deps.js';
import type { Config } from './config.js';

export interface DiscordBotOptions {
  readonly token: string;
  readonly log: Logger;
  /** Which message carries which announcement. Must be shared (the database) when there are several processes. */
  readonly messages?: MessageLog;
  /** REST base URL; tests point it at a local Discord twin. */
  readonly api?: string;
  /** Interactions not answered by then are deferred (Discord's hard limit is 3 s). */
  readonly ackDeadlineMs?: number;
  /** Minimum time between two live-tally edits of one motion. */
  readonly tallyIntervalMs?: number;
  /**
   * The Server Members privileged intent is enabled for the bot: role changes
   * arrive as events and a role's holders can be listed (role electorates).
   */
  readonly membersIntent?: boolean;
  /** How often role-electorate assemblies are brought in line with their role (0: never; default 10 minutes). */
  readonly electorateSyncMs?: number;
  /** The environment ShardingManager sets for its processes (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bytes one message may upload (default: Discord's 10 MiB for servers without boosts); larger files go in parts. */
  readonly uploadLimit?: number;
}

/** The Discord side of one process: a gateway client for interactions, and REST ports the core sends through. */
export interface DiscordBot {
  readonly client: Client;
  readonly rest: REST;
  readonly sender: DiscordRoomSender;
  readonly access: DiscordRoomAccess;
  /** Role electorates (after `start`): `sync()` brings them in line now. */
  readonly roles: () => RoleElectorates | undefined;
  /** Connects to the gateway and answers interactions with this core. */
  start(core: CoreDeps, table: readonly CommandSpec[]): Promise<void>;
  /** Waits for pending tally edits, then disconnects. */
  stop(): Promise<void>;
}

/**
 * The composition root for Discord. Nothing here holds state that must agree
 * across shards: sends, edits and access changes go over REST (any process
 * may act on any guild), vote controls carry their state in their custom_ids,
 * and what must survive (ballots, which message is a motion's announcement)
 * lives in the store and the MessageLog. Run one process per shard group
 * with discord.js `ShardingManager` (see src/adapters/discord/README.md).
 */
export function createDiscordBot(o: DiscordBotOptions): DiscordBot {
  const log = o.log.child({ platform: 'discord' });
  // This process's share of the token's global budget; requests start on an even grid at 98% of it (rest-pacer.ts).
  // discord.js counts its own global window before a request reaches the pacer, so at the same figure it
  // stopped requests the pacer would have let through in time (and then waited out its 50 ms offset):
  // it is given twice the share and still obeys a global 429's Retry-After.
  const share = restShare(o.env ?? process.env);
  const client = new Client({
    intents: o.membersIntent ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] : [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: { ...(o.api ? { api: o.api } : {}), globalRequestsPerSecond: 2 * share, makeRequest: pacedRequest(new RequestPacer(share * PACED_SHARE)) },
  });
  // REST works before (and without) the gateway: a worker process only sends.
  client.rest.setToken(o.token);
  // Gateway and library errors outside any interaction: logged, never an unhandled rejection.
  client.on(Events.Error, (e) => log.error({ err: e }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
  client.rest.on(RESTEvents.RateLimited, (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope }, 'discord rate limit: request queued'));
  const messages = o.messages ?? new FakeMessageLog();
  if (!o.messages) log.warn({}, 'no shared message log: live tallies and closing buttons work only within this process and until it restarts');
  let botUser: Promise<string> | undefined;
  const botUserId = (): Promise<string> => {
    if (client.user) return Promise.resolve(client.user.id);
    // Asked once; a failed lookup is not remembered, so the next call tries again.
    botUser ??= (client.rest.get(Routes.user('@me')) as Promise<APIUser>).then((u) => u.id);
    botUser.catch(() => (botUser = undefined));
    return botUser;
  };
  const electorate = new DiscordElectorate({ rest: client.rest, log, membersIntent: o.membersIntent ?? false });
  const sender = new DiscordRoomSender({ rest: client.rest, messages, log, electorate, ...(o.uploadLimit !== undefined ? { uploadLimit: o.uploadLimit } : {}) });
  const access = new DiscordRoomAccess({ rest: client.rest, botUserId, log });
  let tally: LiveTallyUpdater | undefined;
  let roles: RoleElectorates | undefined;

  return {
    client,
    rest: client.rest,
    sender,
    access,
    roles: () => roles,
    async start(core, table) {
      // A table Discord cannot express fails here, at start-up, not in a member's face.
      slashCommands(table);
      tally = new LiveTallyUpdater({ rest: client.rest, core, messages, log, minIntervalMs: o.tallyIntervalMs ?? 1500 });
      const router = new InteractionRouter({ core, table, access, tally, log, forms: new FormState(), ackDeadlineMs: o.ackDeadlineMs ?? 1500, ...(o.uploadLimit !== undefined ? { uploadLimit: o.uploadLimit } : {}) });
      client.on(Events.InteractionCreate, (i) => void router.handle(i));
      // Role electorates: role changes as they happen (with the Server Members intent), and a periodic sync.
      roles = new RoleElectorates({ core, source: electorate, log, syncMs: o.electorateSyncMs ?? 10 * 60_000 });
      client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
        if (packet.t === 'GUILD_MEMBER_UPDATE') roles?.memberUpdated(packet.d as GuildMemberUpdate);
      });
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(o.token);
      await ready;
      log.info({ guilds: client.guilds.cache.size, shards: client.shard?.ids ?? [0] }, 'discord bot connected');
    },
    async stop() {
      await roles?.stop();
      await tally?.idle();
      await client.destroy();
    },
  };
}

/** The bot this configuration asks for, or null when DISCORD_TOKEN is not set. */
export function discordBotFromConfig(config: Config, log: Logger, messages?: MessageLog): DiscordBot | null {
  if (!config.DISCORD_TOKEN) return null;
  return createDiscordBot({ token: config.DISCORD_TOKEN, log, membersIntent: config.DISCORD_MEMBERS_INTENT, electorateSyncMs: config.DISCORD_ELECTORATE_SYNC_MINUTES * 60_000, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}), ...(messages ? { messages } : {}) });
}
