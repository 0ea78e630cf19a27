import { Client, Events, GatewayIntentBits, RESTEvents, Routes, type APIUser, type REST } from 'discord.js';
import { DiscordRoomAccess } from '../adapters/discord/room-access.js';
import { DiscordRoomSender } from '../adapters/discord/room-sender.js';
import { FormState } from '../adapters/discord/form-state.js';
import { InteractionRouter } from '../adapters/discord/interaction-router.js';
import { LiveTallyUpdater } from '../adapters/discord/live-tally-updater.js';
import { NO_MENTIONS } from '../adapters/discord/render-message.js';
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
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: { ...(o.api ? { api: o.api } : {}), globalRequestsPerSecond: restShare(o.env ?? process.env) },
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
  const sender = new DiscordRoomSender({ rest: client.rest, messages, log, ...(o.uploadLimit !== undefined ? { uploadLimit: o.uploadLimit } : {}) });
  const access = new DiscordRoomAccess({ rest: client.rest, botUserId, log });
  let tally: LiveTallyUpdater | undefined;

  return {
    client,
    rest: client.rest,
    sender,
    access,
    async start(core, table) {
      // A table Discord cannot express fails here, at start-up, not in a member's face.
      slashCommands(table);
      tally = new LiveTallyUpdater({ rest: client.rest, core, messages, log, minIntervalMs: o.tallyIntervalMs ?? 1500 });
      const router = new InteractionRouter({ core, table, access, tally, log, forms: new FormState(), ackDeadlineMs: o.ackDeadlineMs ?? 1500, ...(o.uploadLimit !== undefined ? { uploadLimit: o.uploadLimit } : {}) });
      client.on(Events.InteractionCreate, (i) => void router.handle(i));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(o.token);
      await ready;
      log.info({ guilds: client.guilds.cache.size, shards: client.shard?.ids ?? [0] }, 'discord bot connected');
    },
    async stop() {
      await tally?.idle();
      await client.destroy();
    },
  };
}

/** The bot this configuration asks for, or null when DISCORD_TOKEN is not set. */
export function discordBotFromConfig(config: Config, log: Logger, messages?: MessageLog): DiscordBot | null {
  if (!config.DISCORD_TOKEN) return null;
  return createDiscordBot({ token: config.DISCORD_TOKEN, log, ...(messages ? { messages } : {}) });
}
