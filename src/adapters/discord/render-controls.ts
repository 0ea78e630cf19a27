import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIComponentInMessageActionRow, type APISelectMenuOption } from 'discord.js';
import { ENGLISH, type Speech } from '../../core/i18n/index.js';
import type { VoteControls } from '../../core/messages/message.js';
import { inertMentions } from '../../core/messages/inert.js';
import { encodeControl, MAX_RANKED_OPTIONS } from './custom-id.js';
import { clip, DISCORD_LIMITS } from './limits.js';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * The voting UI, as Discord components. Yes/no motions get three buttons;
 * approval motions a multi-select on the announcement itself (a select's
 * state is per member, so one public select serves everyone); ranked motions
 * a button that opens a private guided ranking: successive selects "1st
 * choice", "2nd choice", … and a Submit button, the ranking so far travelling
 * in the custom_id. (One multi-select cannot rank: Discord reports the picked
 * values in the menu's order, not in the order they were clicked.)
 */
export function announcementControls(c: VoteControls, t: Speech = ENGLISH): Row[] {
  const disabled = c.closed;
  const my = button(encodeControl({ kind: 'my-ballot', motionId: c.motionId }), t.t('adapter.discord.button.myBallot'), ButtonStyle.Secondary, disabled);
  switch (c.method) {
    case 'yes-no-abstain':
      return [row(...yesNoButtons(c.motionId, disabled, t), my)];
    case 'approval':
      return [row(approvalSelect(c, disabled, t)), row(my)];
    case 'ranked':
      return [row(button(encodeControl({ kind: 'rank', motionId: c.motionId, ranking: [] }), t.t('adapter.discord.button.rank'), ButtonStyle.Primary, disabled || c.options.length > MAX_RANKED_OPTIONS), my)];
  }
}

/** The private ballot behind "Change my vote": the same controls, for one member. */
export function ballotControls(c: VoteControls, t: Speech = ENGLISH): Row[] {
  switch (c.method) {
    case 'yes-no-abstain':
      return [row(...yesNoButtons(c.motionId, c.closed, t))];
    case 'approval':
      return [row(approvalSelect(c, c.closed, t))];
    case 'ranked':
      return rankingStep(c, [], t);
  }
}

/** "Change my vote", added under every ballot confirmation while the motion is open. */
export function changeVoteRow(motionId: string, t: Speech = ENGLISH): Row {
  return row(button(encodeControl({ kind: 'change', motionId }), t.t('adapter.discord.button.changeVote'), ButtonStyle.Secondary, false));
}


/**
 * One step of the guided ranking: a select for the next preference among the
 * options not yet ranked. A select holds 25 options, so a longer ballot (an
 * election with many candidates, up to MAX_RANKED_OPTIONS) is split over
 * several selects, one row each ("options 1–25", "options 26–36"): every
 * option stays reachable at every step, with the Submit row last.
 */
export function rankingStep(c: VoteControls, ranking: readonly number[], t: Speech = ENGLISH): Row[] {
  const left = c.options.map((o, i) => ({ o, i })).filter(({ i }) => !ranking.includes(i));
  const rows: Row[] = [];
  const per = DISCORD_LIMITS.selectOptions;
  const pages = Math.ceil(left.length / per);
  for (let p = 0; p < pages; p++) {
    const part = left.slice(p * per, (p + 1) * per);
    const range = pages > 1 ? t.t('adapter.discord.rank.range', { from: (part[0]?.i ?? 0) + 1, to: (part[part.length - 1]?.i ?? 0) + 1 }) : '';
    rows.push(
      row({
        type: ComponentType.StringSelect,
        custom_id: encodeControl(pages > 1 ? { kind: 'rank', motionId: c.motionId, ranking, page: p + 1 } : { kind: 'rank', motionId: c.motionId, ranking }),
        placeholder: clip(t.t('adapter.discord.rank.placeholder', { n: ranking.length + 1, range }), DISCORD_LIMITS.selectPlaceholder),
        min_values: 1,
        max_values: 1,
        options: part.map(({ o, i }) => option(o, i)),
      }),
    );
  }
  const submit = button(encodeControl({ kind: 'rank-submit', motionId: c.motionId, ranking }), t.t('adapter.discord.button.submit', { n: ranking.length }), ButtonStyle.Success, ranking.length === 0);
  const over = button(encodeControl({ kind: 'rank', motionId: c.motionId, ranking: [] }), t.t('adapter.discord.button.startOver'), ButtonStyle.Secondary, ranking.length === 0);
  rows.push(row(submit, over));
  return rows;
}

/** Every button and select of a message, disabled: the motion has closed, the record stays readable. */
export function disableAll(rows: readonly Row[]): Row[] {
  return rows.map((r) => ({ ...r, components: r.components.map((c) => ({ ...c, disabled: true })) }));
}

function yesNoButtons(motionId: string, disabled: boolean, t: Speech): APIButtonComponentWithCustomId[] {
  return [
    button(encodeControl({ kind: 'vote', motionId, choice: 'yes' }), t.t('adapter.discord.button.choice', { choice: 'yes' }), ButtonStyle.Success, disabled),
    button(encodeControl({ kind: 'vote', motionId, choice: 'no' }), t.t('adapter.discord.button.choice', { choice: 'no' }), ButtonStyle.Danger, disabled),
    button(encodeControl({ kind: 'vote', motionId, choice: 'abstain' }), t.t('adapter.discord.button.choice', { choice: 'abstain' }), ButtonStyle.Secondary, disabled),
  ];
}

function approvalSelect(c: VoteControls, disabled: boolean, t: Speech): APIComponentInMessageActionRow {
  const options = c.options.slice(0, DISCORD_LIMITS.selectOptions);
  return {
    type: ComponentType.StringSelect,
    custom_id: encodeControl({ kind: 'approve', motionId: c.motionId }),
    placeholder: t.t('adapter.discord.approvePlaceholder'),
    // Zero is allowed: approving none is a ballot too (it counts toward quorum).
    min_values: 0,
    max_values: options.length,
    disabled,
    options: options.map((o, i) => option(o, i)),
  };
}

function option(label: string, index: number): APISelectMenuOption {
  return { label: clip(`${index + 1}. ${inertMentions(label)}`, DISCORD_LIMITS.selectLabel), value: String(index) };
}

function button(customId: string, label: string, style: APIButtonComponentWithCustomId['style'], disabled: boolean): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId, label: clip(label, DISCORD_LIMITS.buttonLabel), style, disabled };
}

function row(...components: APIComponentInMessageActionRow[]): Row {
  return { type: ComponentType.ActionRow, components };
}
