import type { z } from 'zod';
import type { CommandContext, CommandReply, CommandSpec } from './command.js';
import { personal } from '../messages/message.js';
import { assemblyOfRoom, membershipOf } from '../services/assembly.service.js';
import { floodCheck } from '../services/flood.js';
import { err, type Result } from '../shared/result.js';
import { cleanArguments, plainDisplayName } from './arg-text.js';
import { authorizeCommand } from '../authority/command-scope.js';
import type { Logger } from '../ports/logger.port.js';
import { didYouMean } from '../shared/did-you-mean.js';

export interface Invocation {
  readonly path: readonly string[];
  /** Raw arguments by name: strings from text, typed values from Discord. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** Finds the longest command path that prefixes the given words. */
export function findCommand(table: readonly CommandSpec[], words: readonly string[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const c of table) {
    if (c.path.length <= words.length && c.path.every((p, i) => p === words[i]?.toLowerCase()) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

function describeIssues(spec: CommandSpec, error: z.ZodError, given: Readonly<Record<string, unknown>>): string {
  const lines = error.issues.map((i) => {
    const name = i.path.length > 0 ? String(i.path[0]) : 'arguments';
    const arg = spec.args.find((a) => a.name === name);
    const typed = given[name];
    // A typo'd choice (`--method aproval`): the nearest allowed values.
    const near = i.code === 'invalid_value' && typeof typed === 'string' ? didYouMean(typed, i.values.map(String)) : '';
    const what = (i.code === 'invalid_type' && i.input === undefined ? 'is missing' : i.message) + near;
    return `• ${name}${arg ? ` (${arg.description})` : ''}: ${what}`;
  });
  return `${lines.join('\n')}\n\nUsage: \`${usage(spec)}\``;
}

export function usage(spec: CommandSpec): string {
  const parts = spec.args.map((a) => {
    const body = a.positional ? `<${a.name}${a.rest ? '…' : ''}>` : a.type === 'boolean' ? `--${a.name}` : `--${a.name} <${a.type === 'choice' && a.choices ? a.choices.join('|') : a.name}>${a.type === 'list' ? '…' : ''}`;
    return a.required ? body : `[${body}]`;
  });
  return [spec.path.join(' '), ...parts].join(' ');
}

/** Checks who may run the command in this room; the handler checks the rest. */
async function permitted(ctx: CommandContext, spec: CommandSpec): Promise<Result<true>> {
  if (spec.permission === 'anyone') return { ok: true, value: true };
  if (spec.permission === 'room-admin') {
    return ctx.roomAdmin === true ? { ok: true, value: true } : err('not-room-admin', 'Only someone who administers this room on its platform can do that.');
  }
  const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
  if (!a.ok) return a;
  if (spec.permission === 'in-assembly-room') return { ok: true, value: true };
  const m = await membershipOf(ctx.deps.store.read, a.value, ctx.actor);
  if (m?.status === 'excluded') return err('excluded', `You were excluded from ${a.value.name}.`);
  if (m?.status !== 'active') return err('not-member', `Only members of ${a.value.name} can do that. Run \`join\` first.`);
  if (spec.permission === 'facilitator' && m.role !== 'facilitator') return err('forbidden', `Only facilitators of ${a.value.name} can do that.`);
  return { ok: true, value: true };
}

/**
 * The one entry every platform calls: validates arguments with the command's
 * schema, checks permission, runs the handler. A thrown exception is a bug: it
 * is logged once here with an id and the member sees that id.
 */
export async function dispatch(given: CommandContext, spec: CommandSpec, args: Readonly<Record<string, unknown>>): Promise<CommandReply> {
  const ctx: CommandContext = { ...given, actor: plainDisplayName(given.actor) };
  const log = ctx.deps.log.child({ requestId: ctx.requestId, command: spec.path.join(' '), platform: ctx.actor.platform });
  const reply = await dispatchCounted(ctx, spec, args, log);
  ctx.deps.telemetry?.count('commands', { command: spec.path.join(' '), platform: ctx.actor.platform, outcome: reply.replies.some((m) => m.tone === 'error') ? 'refused' : 'ok' });
  return reply;
}

async function dispatchCounted(ctx: CommandContext, spec: CommandSpec, args: Readonly<Record<string, unknown>>, log: Logger): Promise<CommandReply> {
  try {
    // Counted before the arguments are read, so malformed commands count too.
    const unflooded = await floodCheck(ctx, spec);
    if (!unflooded.ok) return { replies: [personal('Slow down', unflooded.error.message, { tone: 'error' })] };
    // Every argument's text is cleaned here, once, for every platform (NUL bytes, other controls, broken UTF-16).
    const cleaned = cleanArguments(spec, args);
    if (!cleaned.ok) return { replies: [personal('That command needs different arguments', `${cleaned.error.message}\n\nUsage: \`${usage(spec)}\``, { tone: 'error' })] };
    const parsed = spec.schema.safeParse(cleaned.value);
    if (!parsed.success) return { replies: [personal('That command needs different arguments', describeIssues(spec, parsed.error, cleaned.value), { tone: 'error' })] };
    const allowed = await permitted(ctx, spec);
    if (!allowed.ok) return { replies: [personal(titleFor(allowed.error.code), allowed.error.message, { tone: 'error' })] };
    // Who may act on what (src/core/authority): a command reaching past the room's assembly needs the right there too.
    const authorized = await authorizeCommand(ctx, spec, parsed.data);
    if (!authorized.ok) return { replies: [personal(titleFor(authorized.error.code), authorized.error.message, { tone: 'error' })] };
    const result = await spec.handler(ctx, parsed.data);
    if (!result.ok) {
      log.info({ code: result.error.code }, 'command refused');
      return { replies: [personal(titleFor(result.error.code), result.error.message, { tone: 'error' })] };
    }
    log.debug({}, 'command done');
    return result.value;
  } catch (e) {
    log.error({ err: e }, 'command failed');
    return { replies: [personal('Something went wrong', `Plenary hit an internal error and changed nothing it could not finish. Please tell the person who runs the bot this id: ${ctx.requestId}`, { tone: 'error' })] };
  }
}

function titleFor(code: string): string {
  switch (code) {
    case 'not-member':
      return 'Members only';
    case 'excluded':
      return 'Excluded';
    case 'forbidden':
    case 'not-room-admin':
      return 'Not allowed';
    case 'not-found':
      return 'Not found';
    case 'closed':
      return 'Closed';
    case 'too-long':
      return 'Too long';
    case 'conflict':
      return 'Already done';
    case 'secret':
      return 'Secret ballot';
    default:
      return 'Cannot do that';
  }
}
