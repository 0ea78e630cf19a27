import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { speechFor } from '../../core/i18n/speech.js';
import { editOptions, replyOptions, updateOptions } from './payloads.js';
import type { RenderedMessage } from './render-message.js';

export type AnswerableInteraction = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction | StringSelectMenuInteraction;

export interface RespondOptions {
  /**
   * `reply` answers with new messages; `update` replaces the message the
   * clicked component sits on (the steps of a private ballot).
   */
  readonly mode: 'reply' | 'update';
  /**
   * Discord drops an interaction not acknowledged within 3 s. Work that has not
   * finished by this deadline is deferred first and edited in afterwards.
   */
  readonly deadlineMs: number;
}

/** The private acknowledgement when nothing else answers, in the member's Discord language. */
const done = (i: AnswerableInteraction, below = false): RenderedMessage => ({ embeds: [{ title: speechFor(i.locale).t(below ? 'adapter.doneBelow' : 'adapter.done'), color: 0x57f287 }], components: [], files: [], ephemeral: true });

/**
 * Runs `work` and answers the interaction with what it returns, always
 * within the deadline. Fast work gets a direct reply whose visibility follows
 * each message (personal → ephemeral). Slow work is deferred (privately:
 * most answers are personal) and the first personal message edits the
 * deferred reply; public messages follow as their own follow-ups. A throw in
 * `work` becomes `onError`'s messages on the same path, so the user always
 * gets an answer, never a spinner.
 */
export async function respond(i: AnswerableInteraction, o: RespondOptions, work: () => Promise<RenderedMessage[]>, onError: (e: unknown) => RenderedMessage[]): Promise<void> {
  const state: { deferral?: Promise<unknown> } = {};
  const timer = setTimeout(() => {
    state.deferral = o.mode === 'update' && i.isMessageComponent() ? i.deferUpdate() : i.deferReply({ flags: MessageFlags.Ephemeral });
    // Awaited below; a rejection here must not go unhandled in between.
    state.deferral.catch(() => undefined);
  }, o.deadlineMs);
  let messages: RenderedMessage[];
  try {
    messages = await work();
  } catch (e) {
    messages = onError(e);
  } finally {
    clearTimeout(timer);
  }
  if (state.deferral) {
    await state.deferral;
    await deliverDeferred(i, o.mode, messages);
  } else {
    await deliverDirect(i, o.mode, messages);
  }
}

async function deliverDirect(i: AnswerableInteraction, mode: RespondOptions['mode'], messages: readonly RenderedMessage[]): Promise<void> {
  const [first = done(i), ...rest] = messages;
  if (mode === 'update' && i.isMessageComponent()) await i.update(updateOptions(first));
  else await i.reply(replyOptions(first));
  for (const m of rest) await i.followUp(replyOptions(m));
}

async function deliverDeferred(i: AnswerableInteraction, mode: RespondOptions['mode'], messages: readonly RenderedMessage[]): Promise<void> {
  if (mode === 'update') {
    const [first = done(i), ...rest] = messages;
    await i.editReply(editOptions(first));
    for (const m of rest) await i.followUp(replyOptions(m));
    return;
  }
  // The deferral was private, so the private answer takes its place; public ones are posted after it.
  const index = messages.findIndex((m) => m.ephemeral);
  const first = index >= 0 ? messages[index] : undefined;
  await i.editReply(editOptions(first ?? done(i, true)));
  for (const [n, m] of messages.entries()) if (n !== index) await i.followUp(replyOptions(m));
}
