import { REST, Routes, type APIApplicationCommand, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { slashCommands } from '../../adapters/discord/slash-commands.js';
import { plenaryCommandTable } from '../../core/plenary.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Config } from '../config.js';

export interface RegisterOptions {
  /** REST to use (tests: one pointed at a local twin); default: a new one with DISCORD_TOKEN. */
  readonly rest?: REST;
}

/**
 * `plenary discord register [--guild ID]`: publishes the slash commands
 * generated from the command table. With a guild (development) they appear
 * there at once; without one they are global (production). One bulk
 * overwrite (PUT) makes it idempotent: running it twice changes nothing, and
 * commands no longer in the table disappear. Prints what changed.
 */
export async function runDiscordRegister(config: Config, log: Logger, out: { write(s: string): unknown }, guildId?: string, o: RegisterOptions = {}): Promise<number> {
  const token = config.DISCORD_TOKEN;
  const appId = config.DISCORD_APPLICATION_ID;
  if (!token || !appId) {
    out.write('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example).\n');
    return 2;
  }
  if (guildId !== undefined && !/^\d{15,25}$/.test(guildId)) {
    out.write(`"${guildId}" is not a guild id (a long number; in Discord: right-click the server → Copy Server ID).\n`);
    return 2;
  }
  const commands = slashCommands(plenaryCommandTable());
  const rest = o.rest ?? new REST({ version: '10' }).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const where = guildId ? `in guild ${guildId}` : 'globally';
  try {
    const before = await existing(rest, route, log);
    const after = (await rest.put(route, { body: commands })) as APIApplicationCommand[];
    const change = diff(before, commands);
    out.write(`Registered ${after.length} slash commands ${where} (one bulk overwrite): ${commands.map((c) => `/${c.name}`).join(' ')}\n`);
    if (before) out.write(`  added: ${list(change.added)}\n  changed: ${list(change.changed)}\n  removed: ${list(change.removed)}\n  unchanged: ${change.unchanged}\n`);
    if (!guildId) out.write('Global commands can take a while to show in every client; use --guild for development.\n');
    return 0;
  } catch (e) {
    log.error({ err: e, where }, 'discord command registration failed');
    out.write(`Registration ${where} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const list = (names: readonly string[]): string => (names.length > 0 ? names.map((n) => `/${n}`).join(' ') : '—');

/** The commands registered now, or null when they cannot be read (the overwrite still works). */
async function existing(rest: REST, route: `/${string}`, log: Logger): Promise<APIApplicationCommand[] | null> {
  try {
    // With the full localization maps, so a change only in the Spanish descriptions shows as a change.
    return (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as APIApplicationCommand[];
  } catch (e) {
    log.warn({ err: e }, 'could not read the registered commands; registering without a diff');
    return null;
  }
}

/** Compares what matters to members: descriptions (and their localizations, where the API echoes them) and options (Discord adds ids and versions of its own). */
function diff(before: readonly APIApplicationCommand[] | null, next: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]) {
  const old = new Map((before ?? []).map((c) => [c.name, c]));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const c of next) {
    const prev = old.get(c.name);
    if (!prev) added.push(c.name);
    else if (prev.description !== c.description || localizationsDiffer(prev, c) || canonical(prev.options ?? []) !== canonical(c.options ?? [])) changed.push(c.name);
    else unchanged++;
    old.delete(c.name);
  }
  return { added, changed, removed: [...old.keys()], unchanged };
}

const ECHOED = new Set(['name_localized', 'description_localized']);

/** A command's own description localizations, compared only where the registered copy carries the field. */
function localizationsDiffer(prev: APIApplicationCommand, next: RESTPostAPIChatInputApplicationCommandsJSONBody): boolean {
  return 'description_localizations' in prev && canonical([prev.description_localizations]) !== canonical([next.description_localizations]);
}

/** Option lists as Discord echoes them back, without the defaults and per-reader fields it fills in, keys in one order. */
function canonical(options: readonly unknown[]): string {
  return JSON.stringify(options, (k, v: unknown) => {
    if (ECHOED.has(k) || v === false || v === null || (Array.isArray(v) && v.length === 0)) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    return v;
  });
}
