import type { z } from 'zod';
import { speechOf, type CommandContext, type CommandReply, type CommandSpec } from './command.js';
import { personal } from '../messages/message.js';
import { assemblyOfRoom, membershipOf } from '../services/assembly.service.js';
import { floodCheck } from '../services/flood.js';
import type { DomainError, Result } from '../shared/result.js';
import { ENGLISH, isMessageId, personalSpeech, roomSpeech, type Speech } from '../i18n/index.js';
import { errT, selector } from '../i18n/localized.js';
import { cleanArguments, plainDisplayName } from './arg-text.js';
import { authorizeCommand } from '../authority/command-scope.js';
import type { Logger } from '../ports/logger.port.js';
import { closest } from '../shared/did-you-mean.js';
import { argHelp } from './help-text.js';
import { issueWords } from './arg-issues.js';

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

function describeIssues(spec: CommandSpec, error: z.ZodError, given: Readonly<Record<string, unknown>>, speech: Speech): string {
  const lines = error.issues.map((i) => {
    const name = i.path.length > 0 ? String(i.path[0]) : 'arguments';
    const arg = spec.args.find((a) => a.name === name);
    const typed = given[name];
    // A typo'd choice (`--method aproval`): the nearest allowed values.
    const nearest = i.code === 'invalid_value' && typeof typed === 'string' ? closest(typed, i.values.map(String)) : [];
    const near = nearest.length > 0 ? speech.t('args.didYouMean', { near: nearest.join(', ') }) : '';
    // Not given at all: a plain "is missing" (a union such as a whole number's says only "Invalid input").
    const missing = typed === undefined && (i.code === 'invalid_type' || i.code === 'invalid_union');
    const what = (missing ? speech.t('args.missing') : issueWords(speech, i)) + near;
    return `• ${name}${arg ? ` (${argHelp(spec, arg, speech)})` : ''}: ${what}`;
  });
  return `${lines.join('\n')}\n\n${speech.t('dispatch.usage', { usage: usage(spec) })}`;
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
    return ctx.roomAdmin === true ? { ok: true, value: true } : errT('not-room-admin', 'permission.roomAdmin');
  }
  const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
  if (!a.ok) return a;
  if (spec.permission === 'in-assembly-room') return { ok: true, value: true };
  const m = await membershipOf(ctx.deps.store.read, a.value, ctx.actor);
  if (m?.status === 'excluded') return errT('excluded', 'permission.excluded', { assembly: a.value.name });
  if (m?.status !== 'active') return errT('not-member', 'permission.members', { assembly: a.value.name });
  if (spec.permission === 'facilitator' && m.role !== 'facilitator') return errT('forbidden', 'permission.facilitators', { assembly: a.value.name });
  return { ok: true, value: true };
}

/**
 * Chooses the words at the edge of the core, once per command: the member's
 * language and zone for personal replies, the room's assembly's for what the
 * room hears (core/i18n/audience.ts). Read through the read cache: words
 * never decide anything, and the vote path must not pay a query per ballot.
 */
async function audienceOf(ctx: Pick<CommandContext, 'deps' | 'actor' | 'room' | 'platformLocale'>): Promise<{ personal: Speech; room: Speech }> {
  const cache = ctx.deps.cache;
  const [preference, binding] = await Promise.all([cache.speechPreferenceOf(ctx.actor.platform, ctx.actor.externalId), cache.bindingByRoom(ctx.room.platform, ctx.room.roomId)]);
  const policy = binding ? (await cache.assembly(binding.assemblyId))?.policy : undefined;
  return { personal: personalSpeech(preference, ctx.platformLocale, policy), room: roomSpeech(policy) };
}

/**
 * The words a member is answered in personally, for what is answered before a
 * command is dispatched (a line the text grammar cannot read): English if the
 * store cannot say.
 */
export async function readerSpeech(ctx: Pick<CommandContext, 'deps' | 'actor' | 'room' | 'platformLocale'>): Promise<Speech> {
  return (await audienceOf(ctx).catch(() => ({ personal: ENGLISH }))).personal;
}

/** A refusal in the reader's words: its message id when it has one, else its (English) text. */
export function refusalText(speech: Speech, error: DomainError): string {
  const l = error.localized;
  return l && isMessageId(l.id) ? speech.render({ id: l.id, params: l.params }) : error.message;
}

/**
 * The one entry every platform calls: validates arguments with the command's
 * schema, checks permission, runs the handler. A thrown exception is a bug: it
 * is logged once here with an id and the member sees that id.
 */
export async function dispatch(given: CommandContext, spec: CommandSpec, args: Readonly<Record<string, unknown>>): Promise<CommandReply> {
  const actor = plainDisplayName(given.actor);
  // A store that cannot answer now still lets the command run (and fail, logged, if it needs the store): in English.
  const speech = await audienceOf(given).catch(() => ({ personal: ENGLISH, room: ENGLISH }));
  const ctx: CommandContext = { ...given, actor, speech };
  const log = ctx.deps.log.child({ requestId: ctx.requestId, command: spec.path.join(' '), platform: ctx.actor.platform });
  const reply = await dispatchCounted(ctx, spec, args, log);
  ctx.deps.telemetry?.count('commands', { command: spec.path.join(' '), platform: ctx.actor.platform, outcome: reply.replies.some((m) => m.tone === 'error') ? 'refused' : 'ok' });
  return reply;
}

async function dispatchCounted(ctx: CommandContext, spec: CommandSpec, args: Readonly<Record<string, unknown>>, log: Logger): Promise<CommandReply> {
  const t = speechOf(ctx);
  const refused = (e: DomainError): CommandReply => ({ replies: [personal(titleFor(t, e.code), refusalText(t, e), { tone: 'error' })] });
  try {
    // Counted before the arguments are read, so malformed commands count too.
    const unflooded = await floodCheck(ctx, spec);
    if (!unflooded.ok) return { replies: [personal(t.t('dispatch.slowDown'), refusalText(t, unflooded.error), { tone: 'error' })] };
    // Every argument's text is cleaned here, once, for every platform (NUL bytes, other controls, broken UTF-16).
    const cleaned = cleanArguments(spec, args, t);
    if (!cleaned.ok) return { replies: [personal(t.t('dispatch.badArguments'), `${cleaned.error.message}\n\n${t.t('dispatch.usage', { usage: usage(spec) })}`, { tone: 'error' })] };
    const parsed = spec.schema.safeParse(cleaned.value);
    if (!parsed.success) return { replies: [personal(t.t('dispatch.badArguments'), describeIssues(spec, parsed.error, cleaned.value, t), { tone: 'error' })] };
    const allowed = await permitted(ctx, spec);
    if (!allowed.ok) return refused(allowed.error);
    // Who may act on what (src/core/authority): a command reaching past the room's assembly needs the right there too.
    const authorized = await authorizeCommand(ctx, spec, parsed.data);
    if (!authorized.ok) return refused(authorized.error);
    const result = await spec.handler(ctx, parsed.data);
    if (!result.ok) {
      log.info({ code: result.error.code }, 'command refused');
      return refused(result.error);
    }
    log.debug({}, 'command done');
    return result.value;
  } catch (e) {
    log.error({ err: e }, 'command failed');
    return { replies: [personal(t.t('dispatch.internal.title'), t.t('dispatch.internal.body', { id: ctx.requestId }), { tone: 'error' })] };
  }
}

function titleFor(t: Speech, code: string): string {
  return t.t('refusal.title', { code: selector(code) });
}
