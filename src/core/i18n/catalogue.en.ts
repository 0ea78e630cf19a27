import { enHelp } from './catalogue.en.help.js';
import { enMotions } from './catalogue.en.motions.js';
import { enLaws } from './catalogue.en.laws.js';
import { enServices } from './catalogue.en.services.js';
import { msg } from './message-types.js';
import { enFed } from './catalogue.en.fed.js';

/**
 * English, the source catalogue: every member-facing message moved out of
 * the code so far, keyed by a stable id, in ICU MessageFormat
 * (`{n, plural, one {# vote} other {# votes}}`, `{x, select, a {…} other {…}}`).
 * Select keys are written with `_` for `-` (ICU selectors are identifiers):
 * callers pass `selector(kind)`. Dates are `Date` parameters, formatted in the
 * audience's time zone. Code spans name commands as members type them.
 * What is still inline: `scripts/i18n-inline.ts` lists it.
 */
export const en = {
  ...enHelp,
  ...enMotions,
  ...enLaws,
  ...enServices,
  ...enFed,
  // Refusals and the dispatcher's frame.
  'refusal.title': msg<{ code: string }>('{code, select, not_member {Members only} excluded {Excluded} forbidden {Not allowed} not_room_admin {Not allowed} not_found {Not found} closed {Closed} too_long {Too long} conflict {Already done} secret {Secret ballot} other {Cannot do that}}'),
  'dispatch.slowDown': msg('Slow down'),
  'dispatch.badArguments': msg('That command needs different arguments'),
  'dispatch.usage': msg<{ usage: string }>('Usage: `{usage}`'),
  'dispatch.internal.title': msg('Something went wrong'),
  'dispatch.internal.body': msg<{ id: string }>('Plenary hit an internal error and changed nothing it could not finish. Please tell the person who runs the bot this id: {id}'),
  'permission.roomAdmin': msg('Only someone who administers this room on its platform can do that.'),
  'permission.excluded': msg<{ assembly: string }>('You were excluded from {assembly}.'),
  'permission.members': msg<{ assembly: string }>('Only members of {assembly} can do that. Run `join` first.'),
  'permission.facilitators': msg<{ assembly: string }>('Only facilitators of {assembly} can do that.'),
  'common.none': msg('None.'),

  // Voting.
  'vote.title': msg<{ state: 'recorded' | 'changed' | 'unchanged'; number: number }>('{state, select, changed {Vote changed} unchanged {Vote unchanged} other {Vote recorded}} on motion #{number}'),
  'vote.yourBallot': msg<{ choice: string }>('Your ballot: {choice}'),
  'vote.yourBallotSame': msg<{ choice: string }>('Your ballot: {choice} (the same as the ballot already counted)'),
  'vote.secretNote': msg("Secret ballot: members and the record show only the tally, never your choice. Whoever runs this bot's database could still read it."),
  'vote.closedEarly': msg('Everyone has voted, so the motion is now closed.'),
  'vote.canChange': msg('You can change it until the motion closes.'),
  'vote.refused.notMember': msg<{ assembly: string }>('Only members of {assembly} can vote. Run `join` in its room first.'),
  'vote.refused.notOpenYet': msg<{ number: number; seconds: number }>('Motion #{number} is not open yet: it needs {seconds, plural, one {# second} other {# seconds}}.'),
  'vote.refused.lateArrival': msg<{ number: number }>('Voting on motion #{number} closed before your ballot arrived; it was not counted.'),
  'vote.refused.excluded': msg<{ assembly: string }>('You were excluded from {assembly} and cannot vote there.'),
  'vote.refused.delegatesOnly': msg<{ assembly: string }>('Only the current delegates in {assembly} can vote there.'),
  'vote.refused.withdrawn': msg<{ number: number; by: 'proposal' | 'mover' }>('Motion #{number} was withdrawn {by, select, proposal {because its proposal ended here} other {by its mover}}; it takes no more ballots.'),
  'vote.refused.closedAt': msg<{ number: number; closedAt: Date }>('Voting on motion #{number} has closed ({closedAt}); late ballots are not counted.'),
  'vote.refused.closed': msg<{ number: number }>('Voting on motion #{number} has closed; late ballots are not counted.'),
  'choice.value': msg<{ value: 'yes' | 'no' | 'abstain' }>('{value, select, yes {yes} no {no} other {abstain}}'),
  'choice.none': msg('none of the options'),
  'choice.yesNoAbstain': msg<{ number: number; near: string; hasNear: 'yes' | 'no' }>('Vote yes, no or abstain on motion #{number}.{hasNear, select, yes { Did you mean: {near}?} other {}}'),
  'choice.rankOne': msg<{ number: number; options: string }>('Rank at least one option of motion #{number}, best first, e.g. 2>1>3:\n{options}'),
  'choice.notOption': msg<{ option: string; number: number; near: string; hasNear: 'yes' | 'no'; options: string }>('"{option}" is not an option of motion #{number}.{hasNear, select, yes { Did you mean: {near}?} other {}} The options are:\n{options}'),
  'choice.twice': msg<{ option: string }>('"{option}" appears twice in your ballot.'),
  'ballot.none': msg<{ number: number }>('No ballot from you on motion #{number}'),
  'ballot.yours': msg<{ number: number }>('Your ballot on motion #{number}'),

  // Motions: announcements and their fields.
  'motion.open': msg<{ assembly: string; number: number }>('{assembly} · Motion #{number} is open for voting'),
  'motion.moved': msg<{ assembly: string; number: number; seconds: number }>('{assembly} · Motion #{number} was moved and needs {seconds, plural, one {# second} other {# seconds}}'),
  'motion.effectIfPassed': msg<{ effect: string }>('Effect if passed: {effect}.'),
  'motion.toVote': msg<{ how: string }>('To vote: {how}'),
  'motion.howYesNo': msg<{ number: number }>('`vote {number} yes|no|abstain`'),
  'motion.howApproval': msg<{ number: number }>('`vote {number} 1,3` (every option you approve)'),
  'motion.howRanked': msg<{ number: number }>('`vote {number} 2>1>3` (best first)'),
  'motion.toSecond': msg<{ number: number }>('To second: `motion second {number}`'),
  'motion.kind': msg<{ kind: string }>('{kind, select, resolution {resolution} election {election} recall {recall} admission {admission} exclusion {exclusion} proposal_draft {proposal-draft} proposal_response {proposal-response} forward {forward} federation_join {federation-join} federation_leave {federation-leave} policy {policy} mandate {mandate} amend_law {amend-law} repeal_law {repeal-law} annul {annul} require_leave {require-leave} committee {committee} committee_end {committee-end} other {{kind}}}'),
  'motion.method': msg<{ method: string }>('{method, select, yes_no_abstain {yes-no-abstain} approval {approval} ranked {ranked} other {{method}}}'),
  'motion.methodSeats': msg<{ method: string; seats: number }>('{method} ({seats, plural, one {# seat} other {# seats}})'),
  'motion.status': msg<{ status: string }>('{status, select, proposed {proposed} open {open} passed {passed} failed {failed} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}'),
  'motion.mostSupport': msg('most support'),
  'motion.ballotSecret': msg('secret (tallies only)'),
  'motion.ballotOpen': msg('open'),
  'field.kind': msg('Kind'),
  'field.method': msg('Method'),
  'field.status': msg('Status'),
  'field.quorum': msg('Quorum'),
  'field.threshold': msg('Threshold'),
  'field.ballot': msg('Ballot'),
  'field.secondsNeeded': msg('Seconds needed'),
  'field.closes': msg('Closes'),
  'field.lapses': msg('Lapses'),
  'field.options': msg('Options'),

  // Results and tallies.
  'result.title': msg<{ assembly: string; number: number; status: string }>('{assembly} · Motion #{number} {status}'),
  'result.withdrawn': msg<{ by: 'proposal' | 'mover' }>('Withdrawn {by, select, proposal {because its proposal ended here} other {by its mover}} before it closed: no ballot is counted.'),
  'result.outcome': msg<{ outcome: 'passed' | 'failed' }>('{outcome, select, passed {PASSED} other {FAILED}}'),
  'result.turnout': msg<{ ballots: number; eligible: number; percent: number }>('{ballots} of {eligible} ({percent, number}%)'),
  'result.quorum': msg<{ quorum: string; met: 'yes' | 'no' }>('{quorum} — {met, select, yes {met} other {not met}}'),
  // Said by a platform adapter itself.
  'adapter.done': msg('Done'),
  'adapter.doneBelow': msg('Done: posted below'),
  'adapter.sentPrivately.title': msg('Sent to you privately'),
  'adapter.sentPrivately.body': msg('I answered in a direct message, because the answer is for your eyes only.'),
  'result.summary.share': msg<{ strict: 'yes' | 'no'; num: number; den: number }>('{strict, select, yes {more than} other {at least}} {num}/{den}'),
  'result.summary.turnout': msg<{ cast: number; eligible: number; percent: number; needed: string }>('{cast} of {eligible, plural, one {# eligible member} other {# eligible members}} voted ({percent, number}%); {needed} needed'),
  'result.summary.support': msg<{ yes: number; decisive: number; percent: number; needed: string }>('{yes} yes of {decisive, plural, one {# yes-or-no vote} other {# yes-or-no votes}} ({percent, number}%); {needed} needed'),
  'result.summary.quorumFailed': msg<{ turnout: string }>('Failed: quorum not met. {turnout}.'),
  'result.summary.nobodyDecided': msg<{ abstain: number }>('Failed: nobody voted yes or no ({abstain} abstained).'),
  'result.summary.noYes': msg<{ no: number; abstain: number }>('Failed: no yes votes ({no} no, {abstain} abstained).'),
  'result.summary.thresholdFailed': msg<{ support: string }>('Failed: {support}.'),
  'result.summary.passed': msg<{ support: string; turnout: string }>('Passed: {support}. Quorum met: {turnout}.'),
  'result.summary.noBallots': msg('No ballots were cast.'),
  'result.summary.quorumNotMet': msg('The quorum was not met.'),
  'result.summary.approval': msg<{ lot: 'yes' | 'no' }>('Chosen by approval voting{lot, select, yes { (a tie for the last place was decided by lot)} other {}}.'),
  'result.summary.irv': msg<{ rounds: number }>('Instant-runoff count in {rounds, plural, one {# round} other {# rounds}}; the tally shows first preferences.'),
  'result.summary.stv': msg<{ quota: number; stages: number }>('Single transferable vote (Droop quota {quota}) in {stages, plural, one {# stage} other {# stages}}; the tally shows first preferences.'),
  'result.tallyYesNo': msg<{ yes: number; no: number; abstain: number }>('Yes {yes} · No {no} · Abstain {abstain}'),
  'result.effect': msg<{ effect: string }>('Effect: {effect}.'),
  'field.outcome': msg('Outcome'),
  'field.turnout': msg('Turnout'),
  'field.tally': msg('Tally'),
  'field.elected': msg('Elected'),
  'field.chosen': msg('Chosen'),
  'results.notClosed': msg<{ number: number; status: string }>('Motion #{number} is {status}'),
  'results.soFar': msg<{ cast: number; closes: Date }>('{cast, plural, =0 {No ballots} one {# ballot} other {# ballots}} so far. The tally is published when it closes ({closes}).'),
  'results.soFarNoDeadline': msg<{ cast: number }>('{cast, plural, =0 {No ballots} one {# ballot} other {# ballots}} so far. The tally is published when it closes.'),
  'results.secretVoters': msg<{ number: number }>('Motion #{number} is a secret ballot: only the tally is ever shown, never who voted what.'),
  'results.ballotsTitle': msg<{ number: number }>('Ballots on motion #{number}'),

  // Deadlines moved, codes that expire.
  'extend.announce.title': msg<{ assembly: string; number: number; hours: number }>('{assembly} · Motion #{number} extended by {hours} h'),
  'extend.announce.body': msg<{ title: string; closes: Date; before: Date; by: string }>('{title}\n\nVoting now closes {closes} instead of {before} (extended by {by}).'),
  'extend.done.title': msg<{ number: number; hours: number }>('Motion #{number} extended by {hours} h'),
  'extend.done.body': msg<{ closes: Date }>('It now closes {closes}; the rooms were told.'),
  'link.code.title': msg('Your link code'),
  'link.code.body': msg<{ code: string; expires: Date }>('Code: {code}\nOn your other account, run: `link redeem {code}`\nIt expires {expires}.'),

  // Reminders, pending.
  'reminder.room.title': msg<{ assembly: string; number: number; left: string }>('{assembly} · Motion #{number} closes {left}'),
  'reminder.room.body': msg<{ title: string; cast: number; eligible: number; number: number }>('{title}\n\n{cast} of {eligible, plural, one {# member has} other {# members have}} voted. If you have not yet, vote on motion {number}; `pending` lists every motion waiting for your vote.'),
  'reminder.direct.title': msg<{ assembly: string; number: number; left: string }>('{assembly}#{number} closes {left} and you have not voted'),
  'reminder.direct.body': msg<{ title: string; assembly: string; number: number }>('{title}\n\nVote on {assembly}#{number} from here or its room. (You asked for these reminders; `remind off` stops them.)'),
  'pending.none.title': msg('Nothing waits for your vote'),
  'pending.none.body': msg('You have voted on every open motion of your assemblies.'),
  'pending.title': msg<{ count: number }>('{count, plural, one {# open motion waits} other {# open motions wait}} for your vote'),
  'pending.titleMore': msg<{ count: number }>('More than {count} open motions wait for your vote'),
  'pending.line': msg<{ assembly: string; number: number; title: string; method: string; secret: 'yes' | 'no'; when: string }>('{assembly}#{number} · {title} · {method}{secret, select, yes {, secret} other {}} · {when}'),
  'pending.closes': msg<{ deadline: string }>('closes {deadline}'),
  'pending.noDeadline': msg('no deadline'),
  'pending.more': msg('… and more: vote on these first, then ask again.'),
  'remind.on.title': msg('Reminders on'),
  'remind.on.body': msg('Before a motion of your assemblies closes while you have not voted, you get a direct message here, at the times each assembly sets (its rooms are reminded too).'),
  'remind.off.title': msg('Reminders off'),
  'remind.off.body': msg('No more direct reminders on this account. Assemblies may still remind in their rooms.'),

  // Language and time zone.
  'language.set.title': msg<{ name: string }>('Language: {name}'),
  'language.set.body': msg<{ tag: string }>('Personal replies to this account are now in {tag}. `language default` goes back to the platform’s or the assembly’s language.'),
  'language.default.title': msg('Language: as the platform or the assembly says'),
  'language.default.body': msg('Personal replies follow your platform’s language where it tells the bot, otherwise the assembly’s.'),
  'timezone.set.title': msg<{ zone: string }>('Time zone: {zone}'),
  'timezone.set.body': msg<{ now: Date }>('Dates in personal replies are now shown in this zone: it is {now} there.'),
  'timezone.default.title': msg('Time zone: the assembly’s'),
  'timezone.default.body': msg('Dates in personal replies are shown in the time zone of the assembly they concern, or UTC.'),

  // Joining and leaving.
  'join.welcome.title': msg<{ assembly: string }>('Welcome to {assembly}'),
  'join.welcome.body': msg<{ name: string }>('{name} joined. You can now move motions and vote.'),
  'join.requested.title': msg('Request sent'),
  'join.requested.body': msg<{ assembly: string }>('A facilitator (or an admission motion) will decide on your request to join {assembly}.'),
  'leave.done': msg<{ assembly: string }>('You left {assembly}'),
  'join.refused.already': msg<{ assembly: string }>('You are already a member of {assembly}.'),
  'join.refused.excluded': msg<{ assembly: string }>('You were excluded from {assembly}; only the assembly can readmit you (an admission motion).'),
  'join.refused.pending': msg('Your request to join is waiting for a facilitator or an admission motion.'),
  'join.refused.values': msg<{ assembly: string; values: string }>('{assembly} asks members to accept its statement of values:\n\n{values}\n\nIf you accept it, run `join --accept-values`.'),
  'join.refused.invite': msg<{ assembly: string }>('{assembly} admits by invitation: ask a facilitator to run `member approve` for you.'),
  'leave.refused.notMember': msg<{ assembly: string }>('You are not a member of {assembly}.'),
};
