import { ApplicationCommandOptionType, InteractionType, PermissionFlagsBits, type APIApplicationCommandOption, type APIMessage } from 'discord.js';
import { createDiscordBot, type DiscordBot } from '../../src/bots/discord.js';
import { configSchema } from '../../src/bots/config.js';
import { runDiscordRegister } from '../../src/bots/cli/discord-register.js';
import { slashCommands } from '../../src/adapters/discord/slash-commands.js';
import type { CommandSpec } from '../../src/core/commands/command.js';
import { createPlenary } from '../../src/core/plenary.js';
import { FakeClock } from '../../src/core/ports/clock.port.js';
import type { Logger } from '../../src/core/ports/logger.port.js';
import { FakeMessageLog } from '../../src/core/ports/message-log.port.js';
import type { Store } from '../../src/core/ports/store.port.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import { FakeStore } from '../../src/core/testing/fake-store.js';
import { DiscordTwin, type TwinSpec } from './discord-twin.js';
import type { RecordedRequest } from './discord-twin-proxy.js';

export interface LogLine {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** A core Logger that keeps its lines, so tests can find the id an error was logged with. */
export function memoryLog(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (fields: object, msg = '') => lines.push({ level, fields: { ...bindings, ...(fields as Record<string, unknown>) }, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => memoryLog(lines, { ...bindings, ...b }) };
}

/** What an ordinary member of a server may do: see, talk, use commands; no managing. */
export const ORDINARY_MEMBER = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.EmbedLinks;

export interface HarnessOptions extends Partial<TwinSpec> {
  /**
   * Users who administer the server (Manage Server), as a real server has a
   * few; everyone else is an ordinary member. Default: the first user.
   */
  readonly admins?: readonly string[];
  readonly ackDeadlineMs?: number;
  readonly tallyIntervalMs?: number;
  readonly store?: Store;
  /** The bot runs with the Server Members intent (role changes arrive as events). */
  readonly membersIntent?: boolean;
  /** Bytes one message may upload; the proxy refuses past it with 40005, as Discord does. */
  readonly uploadLimit?: number;
}

export interface Answer {
  /** The interaction callback type Discord got: 4 reply, 5 deferred, 7 update, 9 form. */
  readonly type: number;
  readonly message: APIMessage | null;
}

type OptionValue = string | number | boolean;

/**
 * The real Discord bot (discord.js client, REST, router) against the twin,
 * with an in-memory core: FakeStore, FakeClock and a FakeMessageLog. Users
 * act through the twin exactly as a Discord client would; tests look at the
 * messages the twin stored and at the requests the proxy recorded.
 */
export class DiscordHarness {
  private constructor(
    readonly twin: DiscordTwin,
    readonly bot: DiscordBot,
    readonly core: CoreDeps,
    /** The full command table (core and federation), as the bot serves it. */
    readonly table: readonly CommandSpec[],
    readonly clock: FakeClock,
    readonly messageLog: FakeMessageLog,
    readonly log: Logger & { lines: LogLine[] },
    readonly registerOutput: string,
  ) {}

  static async start(o: HarnessOptions = {}): Promise<DiscordHarness> {
    const users = o.users ?? ['ana', 'ben', 'cy'];
    const twin = await DiscordTwin.start({ users, channels: o.channels ?? [{ name: 'town-square' }] });
    const admins = new Set(o.admins ?? users.slice(0, 1));
    for (const u of users) await twin.setMemberPermissions(u, admins.has(u) ? ORDINARY_MEMBER | PermissionFlagsBits.ManageGuild : ORDINARY_MEMBER);
    const log = memoryLog();
    const messageLog = new FakeMessageLog();
    const bot = createDiscordBot({ token: twin.twin.botToken, log, messages: messageLog, api: twin.api, ackDeadlineMs: o.ackDeadlineMs ?? 1500, tallyIntervalMs: o.tallyIntervalMs ?? 0, env: {}, membersIntent: o.membersIntent ?? false, electorateSyncMs: 0, ...(o.uploadLimit !== undefined ? { uploadLimit: o.uploadLimit } : {}) });
    if (o.uploadLimit !== undefined) twin.proxy.uploadLimit = o.uploadLimit;
    const clock = new FakeClock();
    let codes = 0;
    const plenary = createPlenary({ store: o.store ?? new FakeStore(), clock, log, senders: new Map([['discord', bot.sender]]), randomCode: () => `CODE${String(++codes).padStart(4, '0')}` });
    const config = configSchema.parse({ DISCORD_TOKEN: twin.twin.botToken, DISCORD_APPLICATION_ID: twin.botUserId });
    let printed = '';
    const code = await runDiscordRegister(config, log, { write: (s: string) => (printed += s) }, twin.guildId, { rest: bot.rest });
    if (code !== 0) throw new Error(`register failed: ${printed}`);
    await bot.start(plenary.deps, plenary.table);
    return new DiscordHarness(twin, bot, plenary.deps, plenary.table, clock, messageLog, log, printed);
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.twin.stop();
  }

  /** The interaction's options for `/command` (sub-commands nested as Discord sends them), checked against the registered definition. */
  private interactionOptions(command: string, options: Readonly<Record<string, OptionValue>>, focused?: string): { name: string; leaf: { name: string; type: number; value?: OptionValue; options?: unknown[] }[] } {
    const [name, ...rest] = command.split(' ');
    const def = slashCommands(this.table).find((c) => c.name === name);
    if (!def || !name) throw new Error(`no slash command ${command}`);
    let level: readonly APIApplicationCommandOption[] = def.options ?? [];
    const wrap: { name: string; type: number }[] = [];
    for (const word of rest) {
      const o = level.find((x) => x.name === word);
      if (!o || !('options' in o)) throw new Error(`no sub-command ${word} in ${command}`);
      wrap.push({ name: word, type: o.type });
      level = o.options ?? [];
    }
    let leaf = Object.entries(options).map(([k, value]) => {
      const o = level.find((x) => x.name === k);
      if (!o) throw new Error(`/${command} has no option ${k}`);
      return { name: k, type: o.type, value, ...(k === focused ? { focused: true } : {}) };
    }) as { name: string; type: number; value?: OptionValue; options?: unknown[] }[];
    for (const w of wrap.reverse()) leaf = [{ ...w, options: leaf }];
    return { name, leaf };
  }

  /** `/motion propose title:…` as `user` in `channel`; option types come from the generated command. */
  async slash(user: string, channel: string, command: string, options: Readonly<Record<string, OptionValue>> = {}): Promise<string> {
    const { name, leaf } = this.interactionOptions(command, options);
    const r = await this.twin.twin.simulateSlashCommand({ channelId: this.twin.channel(channel), userId: this.twin.user(user), name, options: leaf as never });
    return r.id;
  }

  /**
   * What the bot offers while `user` types `focused` of `/command` (the other
   * options as given): the choices of its autocomplete answer, in order.
   */
  async autocomplete(user: string, channel: string, command: string, options: Readonly<Record<string, OptionValue>>, focused: string): Promise<{ name: string; value: string | number }[]> {
    const { name, leaf } = this.interactionOptions(command, options, focused);
    const registered = await this.twin.twin.prisma.applicationCommand.findFirst({ where: { name } });
    if (!registered) throw new Error(`no slash command ${command}`);
    const { id } = await this.twin.twin.simulateInteraction({ type: InteractionType.ApplicationCommandAutocomplete, channelId: this.twin.channel(channel), userId: this.twin.user(user), data: { id: registered.id, name, type: 1, options: leaf } });
    const prisma = this.twin.twin.prisma;
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      const r = await prisma.interactionResponse.findUnique({ where: { interactionId: id } });
      if (r?.acknowledged) return ((JSON.parse(r.data ?? '{}') as { choices?: { name: string; value: string | number }[] }).choices ?? []);
      await sleep(25);
    }
    throw new Error(`autocomplete ${id} was not answered`);
  }

  async click(user: string, channel: string, message: string, customId: string): Promise<string> {
    return (await this.twin.twin.simulateButtonClick({ channelId: this.twin.channel(channel), userId: this.twin.user(user), messageId: message, customId })).id;
  }

  async select(user: string, channel: string, message: string, customId: string, values: string[]): Promise<string> {
    return (await this.twin.twin.simulateSelectMenu({ channelId: this.twin.channel(channel), userId: this.twin.user(user), messageId: message, customId, values })).id;
  }

  async submitForm(user: string, channel: string, customId: string, fields: Readonly<Record<string, string>>): Promise<string> {
    const r = await this.twin.twin.simulateModalSubmit({ channelId: this.twin.channel(channel), userId: this.twin.user(user), customId, fields: Object.entries(fields).map(([k, value]) => ({ customId: k, value })) });
    return r.id;
  }

  /** Waits until the interaction was answered and returns how, with the message it produced or updated. */
  async answer(interactionId: string, timeoutMs = 8000): Promise<Answer> {
    const prisma = this.twin.twin.prisma;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const r = await prisma.interactionResponse.findUnique({ where: { interactionId } });
      if (r?.acknowledged && (r.type === 9 || r.messageId)) {
        const msg = r.messageId ? await prisma.message.findUnique({ where: { id: r.messageId } }) : null;
        if (r.type === 9 || (msg && (r.type !== 6 || msg.editedTimestamp))) {
          const channel = this.twin.nameOf(r.channelId);
          return { type: r.type, message: msg && channel ? await this.twin.message(channel, msg.id) : null };
        }
      }
      await sleep(25);
    }
    throw new Error(`interaction ${interactionId} was not answered within ${timeoutMs} ms`);
  }

  /** The form (modal) the bot opened for an interaction. */
  async form(interactionId: string): Promise<{ custom_id: string; title: string; components: { components: { custom_id: string; value?: string; style: number; required?: boolean }[] }[] }> {
    const a = await this.answer(interactionId);
    if (a.type !== 9) throw new Error(`expected a form, got callback type ${a.type}`);
    const r = await this.twin.twin.prisma.interactionResponse.findUniqueOrThrow({ where: { interactionId } });
    return JSON.parse(r.data ?? '{}') as never;
  }

  /** Polls a channel until a message matches. */
  async waitFor(channel: string, match: (m: APIMessage) => boolean, timeoutMs = 8000): Promise<APIMessage> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = (await this.twin.messages(channel)).filter(match).at(-1);
      if (found) return found;
      await sleep(25);
    }
    throw new Error(`no matching message in ${channel} within ${timeoutMs} ms`);
  }

  /** Messages the bot posted in a channel whose embed title contains `text`. */
  async titled(channel: string, text: string): Promise<APIMessage[]> {
    return (await this.twin.messages(channel)).filter((m) => m.embeds.some((e) => e.title?.includes(text)));
  }

}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every custom_id on a message, in order. */
export function customIds(m: APIMessage): string[] {
  return (m.components ?? []).flatMap((row) => ('components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : []));
}

/** Embed text of a message as a member reads it (Discord shows `\\[` as `[`), for assertions. */
export function text(m: APIMessage): string {
  return shown(m.embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n')).join('\n---\n'));
}

/** Markdown escapes resolved: a backslash before punctuation shows only the punctuation. */
export const shown = (raw: string): string => raw.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

export const OPTION = ApplicationCommandOptionType;

/** Every request that creates or edits a message, and the payload that carries its mentions setting. */
export function messagePayloads(requests: readonly RecordedRequest[]): { path: string; payload: Record<string, unknown> }[] {
  return requests.flatMap((r) => {
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (/^\/channels\/\d+\/messages(\/\d+)?$/.test(r.path) && (r.method === 'POST' || r.method === 'PATCH')) return [{ path: r.path, payload: body }];
    if (/^\/webhooks\//.test(r.path) && (r.method === 'POST' || r.method === 'PATCH')) return [{ path: r.path, payload: body }];
    if (/\/callback$/.test(r.path) && (body.type === 4 || body.type === 7)) return [{ path: r.path, payload: body.data as Record<string, unknown> }];
    return [];
  });
}
