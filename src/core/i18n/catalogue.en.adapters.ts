import { msg } from './message-types.js';

type Status = 'proposed' | 'open' | 'passed' | 'failed' | 'withdrawn' | 'expired' | 'superseded';

/**
 * English source of what a platform adapter says itself (`adapter.…`):
 * Discord's and Matrix's own replies, controls and room notices, spread into
 * `en` (catalogue.en.ts). A personal reply is worded by the member's
 * platform locale; a room text by the assembly's language (else the
 * deployment default).
 */
export const enAdapters = {
  'adapter.internalError.title': msg('Something went wrong'),
  'adapter.internalError.body': msg<{ id: string }>('Plenary hit an internal error and changed nothing it could not finish. Please tell the person who runs the bot this id: {id}'),
  'adapter.internalError.short': msg<{ id: string }>('Plenary hit an internal error. Please tell the person who runs the bot this id: {id}'),
  'adapter.unanswered.body': msg<{ id: string }>('Plenary could not answer this. Please tell the person who runs the bot this id: {id}'),
  'adapter.discord.notHere.title': msg('Not here'),
  'adapter.discord.notHere.body': msg('Plenary works in server channels and threads.'),
  'adapter.discord.staleButton.title': msg('This button is out of date'),
  'adapter.discord.staleButton.body': msg('It comes from an older version of Plenary. Use the newest announcement, or type /vote <motion> <choice>.'),
  'adapter.discord.publicThread.title': msg('Not in a public thread'),
  'adapter.discord.publicThread.body': msg(
    'This room is a public thread: everyone who can see its channel can read it and join it, so Plenary cannot keep it to the delegates or close it to a recalled one. Hold the assembly of delegates in a channel (access by role) or in a private thread (access by thread membership; Plenary needs Manage Threads there to take recalled delegates out).',
  ),
  'adapter.discord.editResubmit': msg('Edit and resubmit'),
  'adapter.discord.missingPermissions.title': msg('Plenary is missing permissions here'),
  'adapter.discord.missingPermissions.body': msg<{ lines: string }>("A server admin should give Plenary's role these permissions in this channel:\n{lines}"),
  'adapter.discord.permissionCheckFailed.title': msg('Could not check permissions'),
  'adapter.discord.permissionCheckFailed.body': msg<{ id: string }>('Plenary could not read its own permissions here (id {id}). Announcements may fail until a server admin checks its role.'),
  'adapter.discord.notRoomAdmin.body': msg<{ path: string }>(
    'Only someone who administers this room can run `/{path}`: on Discord that needs Manage Server, or Manage Channels on this channel, and you have neither here. Ask a server admin to run it, or to give you one of them.',
  ),
  'adapter.discord.motionNotFound.title': msg('Motion not found'),
  'adapter.discord.motionNotFound.body': msg('That motion no longer exists.'),
  'adapter.discord.badRanking.title': msg('That ranking is not valid'),
  'adapter.discord.badRanking.body': msg('Please start over.'),
  'adapter.discord.motionState.title': msg<{ number: number; status: Status }>(
    'Motion #{number} is {status, select, proposed {proposed} open {open} passed {passed} failed {failed} withdrawn {withdrawn} expired {expired} other {superseded}}',
  ),
  'adapter.discord.closed.noChange': msg('Voting has closed; ballots can no longer change.'),
  'adapter.discord.closed.body': msg('Voting has closed.'),
  'adapter.discord.changeVote.title': msg<{ number: number }>('Change your vote on motion #{number}'),
  'adapter.discord.changeVote.body': msg<{ title: string }>('{title}\n\nYour new ballot replaces the old one.'),
  'adapter.discord.rank.title': msg<{ number: number }>('Rank the options of motion #{number}'),
  'adapter.discord.rank.soFar': msg<{ lines: string }>('Your ranking so far:\n{lines}'),
  'adapter.discord.rank.first': msg('Pick your 1st choice, then the next. Rank as many as you like: the options you leave out count as least preferred.'),
  'adapter.discord.rank.everyRanked': msg('Every option is ranked: submit your ballot.'),
  'adapter.discord.rank.typed': msg<{ number: number }>('You can also type /vote {number} 2>1>3'),
  'adapter.discord.rank.placeholder': msg<{ n: number; range: string }>('Your {n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}} choice{range}…'),
  'adapter.discord.rank.range': msg<{ from: number; to: number }>(' (options {from}–{to})'),
  'adapter.discord.rank.line': msg<{ n: number; option: string }>('{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}: {option}'),
  'adapter.discord.button.myBallot': msg('My ballot'),
  'adapter.discord.button.rank': msg('Rank the options'),
  'adapter.discord.button.changeVote': msg('Change my vote'),
  'adapter.discord.button.choice': msg<{ choice: 'yes' | 'no' | 'abstain' }>('{choice, select, yes {Yes} no {No} other {Abstain}}'),
  'adapter.discord.button.submit': msg<{ n: number }>('{n, plural, =0 {Submit} other {Submit these #}}'),
  'adapter.discord.button.startOver': msg('Start over'),
  'adapter.discord.approvePlaceholder': msg('Pick every option you approve…'),
  'adapter.discord.tally.secret': msg('Ballots so far (secret ballot: tallies at close)'),
  'adapter.discord.tally.title': msg<{ what: 'yes_no' | 'ranked' | 'approval' }>('{what, select, ranked {Live tally (first preferences)} approval {Live tally (approvals)} other {Live tally}}'),
  'adapter.discord.tally.cast': msg<{ n: number }>('{n, plural, one {# ballot cast} other {# ballots cast}}'),
  'adapter.discord.tally.yesNo': msg<{ yes: number; no: number; abstain: number; cast: string }>('Yes {yes} · No {no} · Abstain {abstain} — {cast}'),
  'adapter.discord.closedFooter': msg('Voting has closed: the result is posted below.'),
  'adapter.matrix.unreadable.title': msg('I could not read your message'),
  'adapter.matrix.unreadable.body': msg<{ why: string }>('I could not read your message: {why}'),
  'adapter.matrix.unreadable.unknown': msg('it could not be decrypted.'),
  'adapter.matrix.encrypted.title': msg('I cannot read encrypted messages'),
  'adapter.matrix.encrypted.body': msg<{ direct: 'yes' | 'no' }>(
    '{direct, select, yes {This room is end-to-end encrypted, and Plenary cannot read it. I have opened a direct chat without encryption with you: send your commands and secret ballots there.} other {This room is end-to-end encrypted, and Plenary cannot read commands or poll answers here. Use a room without encryption for the assembly (encryption cannot be turned off once on).}}',
  ),
  'adapter.matrix.directChat.title': msg('A direct chat Plenary can read'),
  'adapter.matrix.directChat.body': msg('Send your commands here, e.g. `help`, or a secret ballot: `vote "Assembly#12" yes`.'),
  'adapter.matrix.lacksPermissions.title': msg('The bot lacks some permissions in this room'),
  'adapter.matrix.lacksPermissions.body': msg<{ missing: string }>(
    "To post, invite delegates and enforce the assembly's decisions here, a room admin should raise the bot's power level (Room settings → Roles & Permissions). Missing:\n{missing}",
  ),
  'adapter.matrix.poll.notCounted': msg('Your poll answer was not counted'),
  'adapter.matrix.poll.closed': msg('Voting has closed'),
  'adapter.matrix.poll.failed': msg<{ number: number; id: string }>(
    'Your poll answer on motion #{number} may not have been counted; please vote again or use `vote {number} …`. If it keeps failing, tell the person who runs the bot this id: {id}',
  ),
  'adapter.matrix.poll.notAnOption': msg<{ number: number }>("That poll answer is not one of motion #{number}'s options, so it was not counted."),
  'adapter.matrix.poll.empty': msg<{ number: number }>('An empty poll answer does not withdraw a ballot: your current ballot on motion #{number} still counts. Pick another answer to change it.'),
  'adapter.matrix.poll.question': msg<{ number: number; title: string }>('Motion #{number}: {title}'),
  'adapter.matrix.poll.ended': msg<{ result: string }>("The poll has ended. Official result (Plenary's count): {result}"),
  'adapter.matrix.howToVote.secret': msg<{ bot: string; ref: string; example: string }>(
    'Secret ballot: a vote in this room would show who voted what, so vote in a direct message to me ({bot}): `vote {ref} {example}`. Members see only the tally, never your ballot (whoever runs this bot\'s database could read it).',
  ),
  'adapter.matrix.howToVote.poll': msg<{ approval: 'yes' | 'no'; number: number; example: string }>(
    "{approval, select, yes {Tick every option you approve in the poll below} other {Answer the poll below}} (you can change your answer until the motion closes), or type `vote {number} {example}`. Only members' answers count; the official result is the bot's count.",
  ),
  'adapter.matrix.howToVote.ranked': msg<{ number: number; example: string }>('Rank the options, best first: `vote {number} {example}` (by number or by name). Matrix polls cannot rank, so this motion has no poll.'),
  'adapter.matrix.howToVote.typed': msg<{ number: number; example: string }>('Vote with `vote {number} {example}`.'),
  'adapter.matrix.discussion.title': msg<{ title: string }>('Discussion: {title}'),
  'adapter.matrix.discussion.body': msg('Discuss this motion here, in its thread; vote as the announcement says.'),
  'adapter.matrix.declineInvite': msg('Plenary accepts invitations only from people its operator allows (MATRIX_AUTOJOIN). Ask whoever runs this bot to allow you or this room.'),
};
