import { MessageFlags, type Interaction } from 'discord.js';
import { personal } from '../../core/messages/message.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { answerAutocomplete } from './autocomplete.js';
import { CommandHandler, type HandlerDeps } from './command-handler.js';
import { decodeControl } from './custom-id.js';
import { localeSpeech, newRequestId } from './interaction-context.js';
import { RecentIds } from './recent-ids.js';
import { NO_MENTIONS, renderMessage } from './render-message.js';
import { VoteComponents } from './vote-components.js';

/**
 * The edge for everything a member does on Discord: drops repeated
 * deliveries, routes commands, forms and components, and catches whatever
 * escapes (a failed reply, a bug) so it is logged once with an id and, where
 * Discord still allows, the member is told that id.
 */
export class InteractionRouter {
  private readonly commands: CommandHandler;
  private readonly votes: VoteComponents;
  private readonly seen: RecentIds;

  private readonly log: Logger;

  constructor(private readonly deps: HandlerDeps) {
    const d = deps;
    this.log = d.log;
    this.commands = new CommandHandler(d);
    this.votes = new VoteComponents(d);
    this.seen = new RecentIds();
  }

  async handle(i: Interaction): Promise<void> {
    if (!this.seen.add(i.id)) {
      this.log.info({ interactionId: i.id }, 'duplicate interaction delivery ignored');
      return;
    }
    // Discord does not let bots run commands today; if an app ever acts as a member, it does not speak for one.
    if (i.user.bot) {
      this.log.info({ interactionId: i.id, userId: i.user.id }, 'ignored an interaction from a bot account');
      return;
    }
    try {
      if (i.isChatInputCommand()) return await this.commands.onSlash(i);
      if (i.isAutocomplete()) return await answerAutocomplete(i, this.deps);
      if (i.isModalSubmit() || i.isButton() || i.isStringSelectMenu()) {
        const c = decodeControl(i.customId);
        if (c.kind === 'form') {
          if (i.isModalSubmit()) return await this.commands.onForm(i, c.command, c.state);
        } else if (c.kind === 'form-edit') {
          if (i.isButton()) return await this.commands.onEditForm(i, c.command, c.state);
        } else if (c.kind !== 'stale' && c.kind !== 'foreign' && !i.isModalSubmit()) return await this.votes.onComponent(i, c);
        // Old buttons keep answering after an upgrade, clearly, instead of failing silently.
        await i.reply({
          embeds: renderMessage(personal(localeSpeech(i).t('adapter.discord.staleButton.title'), localeSpeech(i).t('adapter.discord.staleButton.body'), { tone: 'warning' })).embeds,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
      }
    } catch (e) {
      await this.fail(i, e);
    }
  }

  private async fail(i: Interaction, e: unknown): Promise<void> {
    const requestId = newRequestId();
    this.log.error({ err: e, requestId, interactionId: i.id }, 'discord interaction failed');
    if (!i.isRepliable()) return;
    const body = { embeds: renderMessage(personal(localeSpeech(i).t('adapter.internalError.title'), localeSpeech(i).t('adapter.unanswered.body', { id: requestId }), { tone: 'error' })).embeds, allowedMentions: NO_MENTIONS };
    try {
      if (i.deferred || i.replied) await i.followUp({ ...body, flags: MessageFlags.Ephemeral });
      else await i.reply({ ...body, flags: MessageFlags.Ephemeral });
    } catch (again) {
      // The interaction may have expired; the log line above is what remains.
      this.log.warn({ err: again, requestId }, 'could not tell the member about the failure');
    }
  }
}
