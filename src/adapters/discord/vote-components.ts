import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { CommandSpec } from '../../core/commands/command.js';
import type { Speech } from '../../core/i18n/index.js';
import { dispatch, findCommand } from '../../core/commands/dispatch.js';
import { controlsOf } from '../../core/messages/motion-messages.js';
import { personal } from '../../core/messages/message.js';
import type { Motion, RoomRef } from '../../core/model/entities.js';
import { asMotionId } from '../../core/shared/ids.js';
import type { HandlerDeps } from './command-handler.js';
import type { Control } from './custom-id.js';
import { actorOf, internalError, isError, localeSpeech, newRequestId, noRoom, roomOf } from './interaction-context.js';
import { ballotControls, rankingStep } from './render-controls.js';
import { renderMessage, type RenderedMessage } from './render-message.js';
import { respond } from './responder.js';

type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;
type MotionControl = Exclude<Control, { kind: 'form' } | { kind: 'form-edit' }>;

/**
 * The voting UI behind the buttons and selects. Every vote goes through the
 * same `vote` command as `/vote`, addressed as `Assembly#number` so it works
 * from any room the announcement reached. Controls on a public announcement
 * answer privately; controls on a private ballot replace that ballot's
 * message, so the ranking flow and "Change my vote" stay one tidy message.
 */
export class VoteComponents {
  private readonly voteSpec: CommandSpec;
  private readonly ballotSpec: CommandSpec;

  constructor(private readonly d: HandlerDeps) {
    const vote = findCommand(d.table, ['vote']);
    const ballot = findCommand(d.table, ['ballot']);
    if (vote?.path.join(' ') !== 'vote' || ballot?.path.join(' ') !== 'ballot') throw new Error('the command table lacks vote or ballot, which the voting buttons use');
    this.voteSpec = vote;
    this.ballotSpec = ballot;
  }

  async onComponent(i: ComponentInteraction, c: MotionControl): Promise<void> {
    const requestId = newRequestId();
    const mode = i.message.flags.has(MessageFlags.Ephemeral) ? 'update' : 'reply';
    await respond(
      i,
      { mode, deadlineMs: this.d.ackDeadlineMs },
      () => this.work(i, c, requestId),
      (e) => {
        this.d.log.error({ err: e, requestId, interactionId: i.id, control: i.customId }, 'discord component failed');
        return [renderMessage(internalError(requestId, localeSpeech(i)))];
      },
    );
  }

  private async work(i: ComponentInteraction, c: MotionControl, requestId: string): Promise<RenderedMessage[]> {
    const t = localeSpeech(i);
    const room = roomOf(i);
    if (!room) return [renderMessage(noRoom(t))];
    const reads = this.d.core.store.read;
    const motion = await reads.motion(asMotionId(c.motionId));
    const assembly = motion ? await reads.assembly(motion.assemblyId) : null;
    if (!motion || !assembly) return [renderMessage(personal(t.t('adapter.discord.motionNotFound.title'), t.t('adapter.discord.motionNotFound.body'), { tone: 'error' }))];
    const ref = `${assembly.name}#${motion.number}`;
    const values = i.isStringSelectMenu() ? i.values : [];
    switch (c.kind) {
      case 'vote':
        return this.vote(i, room, motion, ref, c.choice, requestId);
      case 'approve':
        // Values are option indexes; the core checks them like typed numbers.
        return this.vote(i, room, motion, ref, values.map((v) => String(Number(v) + 1)).join(','), requestId);
      case 'rank': {
        const next = values.map(Number);
        const ranking = [...c.ranking, ...next];
        if (!ranking.every((n, k) => Number.isInteger(n) && n >= 0 && n < motion.options.length && ranking.indexOf(n) === k)) return [renderMessage(personal(t.t('adapter.discord.badRanking.title'), t.t('adapter.discord.badRanking.body'), { tone: 'error' }))];
        return [this.rankStep(motion, ranking, t)];
      }
      case 'rank-submit':
        return this.vote(i, room, motion, ref, c.ranking.map((n) => String(n + 1)).join('>'), requestId);
      case 'my-ballot': {
        const out = await dispatch({ deps: this.d.core, actor: actorOf(i), room, requestId, platformLocale: i.locale }, this.ballotSpec, { motion: ref });
        return out.replies.map((m, n) => renderMessage(m, n === 0 && motion.status === 'open' ? { changeVoteFor: motion.id, speech: t } : { speech: t }));
      }
      case 'change': {
        if (motion.status !== 'open') return [renderMessage(personal(t.t('adapter.discord.motionState.title', { number: motion.number, status: motion.status }), t.t('adapter.discord.closed.noChange'), { tone: 'error' }))];
        if (motion.method === 'ranked') return [this.rankStep(motion, [], t)];
        const prompt = renderMessage(personal(t.t('adapter.discord.changeVote.title', { number: motion.number }), t.t('adapter.discord.changeVote.body', { title: motion.title })));
        return [{ ...prompt, components: ballotControls(controlsOf(motion), t) }];
      }
    }
  }

  private async vote(i: ComponentInteraction, room: RoomRef, motion: Motion, ref: string, choice: string, requestId: string): Promise<RenderedMessage[]> {
    const out = await dispatch({ deps: this.d.core, actor: actorOf(i), room, requestId, platformLocale: i.locale }, this.voteSpec, { motion: ref, choice });
    const t = localeSpeech(i);
    if (out.replies.some(isError)) return out.replies.map((m) => renderMessage(m, { speech: t }));
    this.d.tally.schedule(motion.id);
    const stillOpen = (await this.d.core.store.read.motion(motion.id))?.status === 'open';
    return out.replies.map((m, n) => renderMessage(m, n === 0 && stillOpen ? { changeVoteFor: motion.id, speech: t } : { speech: t }));
  }

  /** One step of the private ranking: what is ranked so far, and a select for the next preference. */
  private rankStep(motion: Motion, ranking: readonly number[], t: Speech): RenderedMessage {
    if (motion.status !== 'open') return renderMessage(personal(t.t('adapter.discord.motionState.title', { number: motion.number, status: motion.status }), t.t('adapter.discord.closed.body'), { tone: 'error' }));
    const so = ranking.map((n, k) => t.t('adapter.discord.rank.line', { n: k + 1, option: motion.options[n] ?? '?' }));
    const body = [
      motion.title,
      so.length > 0 ? t.t('adapter.discord.rank.soFar', { lines: so.join('\n') }) : t.t('adapter.discord.rank.first'),
      ranking.length === motion.options.length ? t.t('adapter.discord.rank.everyRanked') : '',
      t.t('adapter.discord.rank.typed', { number: motion.number }),
    ].filter((l) => l !== '');
    const step = renderMessage(personal(t.t('adapter.discord.rank.title', { number: motion.number }), body.join('\n\n')));
    return { ...step, components: rankingStep(controlsOf(motion), ranking, t) };
  }
}
