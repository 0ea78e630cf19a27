import { ApplicationCommandOptionType, ButtonStyle, ComponentType, MessageFlags, TextInputStyle, type ButtonInteraction, type ChatInputCommandInteraction, type CommandInteractionOption, type ModalSubmitInteraction } from 'discord.js';
import { argLimits } from '../../core/commands/arg-limits.js';
import type { ArgSpec, CommandSpec } from '../../core/commands/command.js';
import { dispatch } from '../../core/commands/dispatch.js';
import { argHelp, commandSummary } from '../../core/commands/help-text.js';
import type { Speech } from '../../core/i18n/index.js';
import { personal, type OutMessage } from '../../core/messages/message.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { RoomAccess } from '../../core/ports/room-access.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { resolveMotion } from '../../core/services/motion.service.js';
import { renderWithParts } from './attachments.js';
import { encodeControl } from './custom-id.js';
import { FormState, formStateRoom } from './form-state.js';
import { actorOf, internalError, isError, localeSpeech, newRequestId, noRoom, roomOf } from './interaction-context.js';
import { clip, DISCORD_LIMITS } from './limits.js';
import type { TallyRefresher } from './live-tally-updater.js';
import { isRoomAdmin, reasonFor } from './permissions.js';
import type { DiscordRoomAccess } from './room-access.js';
import { isRenderedError, renderMessage, type RenderedMessage } from './render-message.js';
import { respond } from './responder.js';
import { formArgs, specFor } from './slash-commands.js';

export interface HandlerDeps {
  readonly core: CoreDeps;
  readonly table: readonly CommandSpec[];
  /** Access changes, the setup check, and what kind of room a command runs in (an assembly of delegates needs one it can close). */
  readonly access: RoomAccess & Pick<DiscordRoomAccess, 'roomKind'>;
  readonly tally: TallyRefresher;
  readonly log: Logger;
  readonly forms: FormState;
  readonly ackDeadlineMs: number;
  /** Bytes one message may upload (default: Discord's 10 MiB); larger files go in parts. */
  readonly uploadLimit?: number;
}

/**
 * Slash commands and the forms (modals) that collect their long texts. Both
 * end in the core's `dispatch` with the arguments by name; the Discord side
 * adds what only it knows: the bot's missing permissions after setup, the
 * live tally and a "Change my vote" button after a vote.
 */

export class CommandHandler {
  constructor(private readonly d: HandlerDeps) {}

  async onSlash(i: ChatInputCommandInteraction): Promise<void> {
    const spec = specFor(this.d.table, i.commandName, i.options.getSubcommandGroup(false), i.options.getSubcommand(false));
    if (!spec) {
      await i.reply({ embeds: renderMessage(personal(localeSpeech(i).t('discord.unknownCommand.title'), localeSpeech(i).t('discord.unknownCommand.body'), { tone: 'error' })).embeds, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const args = argsOf(i.options.data);
    const form = formArgs(spec);
    // The form opens when the long text, or anything only the form asks for, is missing.
    if (form.some((a) => (a.long || a.required) && args[a.name] === undefined)) {
      await this.showForm(i, spec, args, form);
      return;
    }
    await this.run(i, spec, args);
  }

  async onForm(i: ModalSubmitInteraction, command: string, state: string): Promise<void> {
    const spec = this.d.table.find((c) => c.path.join('.') === command);
    const saved = spec ? this.d.forms.load(state) : null;
    if (!spec || !saved) {
      await i.reply({ embeds: renderMessage(personal(localeSpeech(i).t('discord.formExpired.title'), localeSpeech(i).t('discord.formExpired.lost'), { tone: 'error' })).embeds, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const args: Record<string, unknown> = { ...saved };
    for (const a of formArgs(spec)) {
      const field = i.fields.fields.get(a.name);
      const value = field?.type === ComponentType.TextInput ? field.value : '';
      if (value.trim() !== '') args[a.name] = value;
    }
    await this.run(i, spec, args, true);
  }

  /** "Edit and resubmit": the refused form again, filled with what was typed. */
  async onEditForm(i: ButtonInteraction, command: string, state: string): Promise<void> {
    const spec = this.d.table.find((c) => c.path.join('.') === command);
    const saved = spec ? this.d.forms.load(state) : null;
    if (!spec || !saved) {
      await i.reply({ embeds: renderMessage(personal(localeSpeech(i).t('discord.formExpired.title'), localeSpeech(i).t('discord.formExpired.kept'), { tone: 'error' })).embeds, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    await this.showForm(i, spec, saved, formArgs(spec));
  }

  private async showForm(i: ChatInputCommandInteraction | ButtonInteraction, spec: CommandSpec, args: Record<string, unknown>, form: readonly ArgSpec[]): Promise<void> {
    const command = spec.path.join('.');
    const carried = Object.fromEntries(Object.entries(args).filter(([k]) => !form.some((a) => a.name === k)));
    const state = this.d.forms.save(carried, formStateRoom(command));
    // A form is the first answer or none: Discord allows no deferral before it, so nothing slow happens first
    // (hence the words of the member's Discord locale, not a stored choice read from the store).
    const t = localeSpeech(i);
    await i.showModal({
      custom_id: encodeControl({ kind: 'form', command, state }),
      title: clip(commandSummary(spec, t), DISCORD_LIMITS.modalTitle),
      components: form.map((a) => {
        const given = args[a.name];
        // The command's own limit (its schema), within what a form field can take: the form refuses what the command would.
        const limits = argLimits(spec, a.name);
        const max = Math.min(limits.maxLength ?? DISCORD_LIMITS.textInputValue, DISCORD_LIMITS.textInputValue);
        const min = Math.min(limits.minLength ?? 0, max);
        // A refused text comes back whole when it fits the field; cut only past the field's limit, which Discord would refuse.
        const value = typeof given === 'string' && given !== '' ? given.slice(0, DISCORD_LIMITS.textInputValue) : undefined;
        const label = argHelp(spec, a, t);
        return {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: a.name,
              label: clip(label.charAt(0).toUpperCase() + label.slice(1), DISCORD_LIMITS.textInputLabel),
              style: a.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
              required: Boolean(a.required),
              max_length: max,
              ...(min > 0 ? { min_length: min } : {}),
              ...(value ? { value } : {}),
            },
          ],
        };
      }),
    });
  }

  private async run(i: ChatInputCommandInteraction | ModalSubmitInteraction, spec: CommandSpec, args: Record<string, unknown>, fromForm = false): Promise<void> {
    const requestId = newRequestId();
    await respond(
      i,
      { mode: 'reply', deadlineMs: this.d.ackDeadlineMs },
      async () => {
        const out = await this.execute(i, spec, args, requestId);
        return fromForm ? this.keepTyped(spec, args, out, localeSpeech(i)) : out;
      },
      (e) => {
        this.d.log.error({ err: e, requestId, interactionId: i.id, command: spec.path.join(' ') }, 'discord command failed');
        return [renderMessage(internalError(requestId, localeSpeech(i)))];
      },
    );
  }

  private async execute(i: ChatInputCommandInteraction | ModalSubmitInteraction, spec: CommandSpec, args: Record<string, unknown>, requestId: string): Promise<RenderedMessage[]> {
    const room = roomOf(i);
    if (!room) return [renderMessage(noRoom(localeSpeech(i)))];
    // Read from this interaction: Discord computes the member's permissions in this channel now, so a role taken away counts at once.
    const roomAdmin = i.inGuild() && isRoomAdmin(i.memberPermissions.bitfield);
    if (spec.permission === 'room-admin' && !roomAdmin) {
      this.d.log.info({ requestId, roomId: room.roomId, userId: i.user.id, command: spec.path.join(' ') }, 'refused: not a room admin');
      return [renderMessage(notRoomAdmin(spec, localeSpeech(i)))];
    }
    const path = spec.path.join(' ');
    // An assembly of delegates promises that only its delegates read it, and that a recall shuts one out: not in a public thread.
    if (DELEGATES_ROOM_COMMANDS.has(path) && (await this.d.access.roomKind(room).catch(() => 'channel')) === 'public-thread') {
      this.d.log.info({ requestId, roomId: room.roomId, command: path }, 'refused: an assembly of delegates in a public thread');
      return [renderMessage(personal(localeSpeech(i).t('adapter.discord.publicThread.title'), localeSpeech(i).t('adapter.discord.publicThread.body'), { tone: 'error' }))];
    }
    const out = await dispatch({ deps: this.d.core, actor: actorOf(i), room, requestId, roomAdmin, platformLocale: i.locale }, spec, args);
    const ok = !out.replies.some(isError);
    if (ok && path === 'vote') return this.afterVote(room, args, out.replies, localeSpeech(i));
    // A file past the upload limit (a large audit export or BLT file) goes in parts, each within it.
    const rendered = out.replies.flatMap((m) => renderWithParts(m, this.d.uploadLimit));
    if (ok && (path === 'assembly setup' || DELEGATES_ROOM_COMMANDS.has(path))) {
      const warning = await this.permissionCheck(room, requestId, localeSpeech(i));
      if (warning) rendered.push(renderMessage(warning));
    }
    return rendered;
  }

  /**
   * A refused form loses nothing: its refusal carries "Edit and resubmit",
   * which opens the form again filled with what was typed (kept like a
   * form's state: in the custom_id when small, else for 15 minutes).
   */
  private keepTyped(spec: CommandSpec, args: Record<string, unknown>, out: RenderedMessage[], t: Speech): RenderedMessage[] {
    const refused = out.findIndex((m) => m.ephemeral && isRenderedError(m));
    const first = out[refused];
    if (!first || first.components.length >= DISCORD_LIMITS.actionRows) return out;
    const command = spec.path.join('.');
    const state = this.d.forms.save(args, formStateRoom(command));
    const button = { type: ComponentType.Button as const, style: ButtonStyle.Primary as const, label: t.t('adapter.discord.editResubmit'), custom_id: encodeControl({ kind: 'form-edit', command, state }) };
    const withButton: RenderedMessage = { ...first, components: [...first.components, { type: ComponentType.ActionRow, components: [button] }] };
    return out.map((m, n) => (n === refused ? withButton : m));
  }

  private async afterVote(room: RoomRef, args: Record<string, unknown>, replies: readonly OutMessage[], t: Speech): Promise<RenderedMessage[]> {
    const r = await resolveMotion(this.d.core.store.read, room, typeof args.motion === 'string' ? args.motion : '');
    if (!r.ok) return replies.map((m) => renderMessage(m));
    this.d.tally.schedule(r.value.motion.id);
    const open = r.value.motion.status === 'open';
    return replies.map((m, n) => renderMessage(m, n === 0 && open ? { changeVoteFor: r.value.motion.id, speech: t } : { speech: t }));
  }

  /** Setup tells the facilitator at once which permissions the bot still lacks here, and why each is needed. */
  private async permissionCheck(room: RoomRef, requestId: string, t: Speech): Promise<OutMessage | null> {
    try {
      const missing = await this.d.access.missingPermissions(room);
      if (missing.length === 0) return null;
      const lines = missing.map((name) => `• ${name}${reasonFor(name) ? `: ${reasonFor(name) ?? ''}` : ''}`);
      return personal(t.t('adapter.discord.missingPermissions.title'), t.t('adapter.discord.missingPermissions.body', { lines: lines.join('\n') }), { tone: 'warning' });
    } catch (e) {
      this.d.log.warn({ err: e, requestId, roomId: room.roomId }, 'permission check failed');
      return personal(t.t('adapter.discord.permissionCheckFailed.title'), t.t('adapter.discord.permissionCheckFailed.body', { id: requestId }), { tone: 'warning' });
    }
  }
}

/** Commands that bind the room to an assembly of delegates (access granted and revoked by election and recall). */
const DELEGATES_ROOM_COMMANDS: ReadonlySet<string> = new Set(['federation create', 'federation assembly']);

/** The `not-room-admin` refusal as Discord says it: which permission is missing, and where. */
function notRoomAdmin(spec: CommandSpec, t: Speech): OutMessage {
  return personal(t.t('matrix.notRoomAdmin.title'), t.t('adapter.discord.notRoomAdmin.body', { path: spec.path.join(' ') }), { tone: 'error' });
}

/** Slash options → arguments by name; sub-command layers are unwrapped. A user option gives the user's id. */
export function argsOf(data: readonly CommandInteractionOption[]): Record<string, unknown> {
  const [first] = data;
  if (first && (first.type === ApplicationCommandOptionType.Subcommand || first.type === ApplicationCommandOptionType.SubcommandGroup)) return argsOf(first.options ?? []);
  const args: Record<string, unknown> = {};
  for (const o of data) if (o.value !== undefined) args[o.name] = o.value;
  return args;
}
