import { msg } from './message-types.js';

/**
 * English: the core services' refusals and announcements (src/core/services:
 * assemblies and their policy, membership, motions, identity, flood limits,
 * room health, checkpoints), spread into `catalogue.en.ts`.
 */
export const enServices = {
  // Assemblies and their rooms.
  'assembly.refused.roomBound': msg<{ assembly: string }>('This room is already bound to the assembly "{assembly}".'),
  'assembly.refused.noSuch': msg<{ name: string }>('No assembly is called "{name}".'),
  'assembly.refused.bindFacilitator': msg<{ assembly: string }>('Only a facilitator of "{assembly}" can bind another room to it.'),
  'assembly.refused.nameTaken': msg<{ name: string; lookAlike: string }>('An assembly called "{name}" exists already{lookAlike}; pick another name, or add --existing to bind this room to it.'),
  'assembly.refused.nameRace': msg<{ name: string; lookAlike: string }>('"{name}" was taken a moment ago{lookAlike}; pick another name.'),

  // Policy values.
  'policy.refused.admission': msg('admission must be open, approval or invite.'),
  'policy.refused.seconds': msg('seconds must be a whole number from 0 to 50.'),
  'policy.refused.bool': msg<{ key: string }>('{key} must be true or false.'),
  'policy.refused.electorate': msg('electorate must be role:@Role (pick the role so it becomes a mention), role:<role id>, or commands (members join by command).'),
  'policy.refused.checkpointHours': msg<{ max: number }>('checkpoint-hours must be a whole number of hours from 0 (never) to {max} (a year).'),
  'policy.refused.webVisibility': msg('web-visibility must be public (anyone), members (by their personal link) or off.'),
  'policy.refused.delegateSeats': msg('delegate-seats is a number of seats per member assembly (1-50), or "proportional <members per seat> [max]".'),
  'policy.refused.flood': msg<{ key: string; unit: 'member_commands' | 'member_motions' | 'room_commands' | 'room_motions' }>('{key} must be a whole number from 1 to 100000 ({unit, select, member_commands {commands per member per minute} member_motions {motions moved per member per hour} room_commands {commands per room per minute} other {motions moved per room per hour}}).'),
  'policy.refused.perKind': msg<{ key: string }>('{key} is set per motion kind: add --kind <kind>.'),
  'policy.refused.hours': msg('hours must be a whole number from 1 to 2160 (90 days).'),
  'policy.refused.invalid': msg('That policy value is not valid.'),
  'policy.refused.shareRange': msg<{ raw: string }>('"{raw}" is not a share between 0 and 1.'),
  'policy.refused.sharePercent': msg<{ raw: string }>('"{raw}" is more than 100%.'),
  'policy.refused.share': msg<{ raw: string }>('"{raw}" is not a share: write 1/2, >1/2 (more than half), 2/3 or 10%.'),
  'policy.refused.reminders': msg<{ max: number; given: string }>('reminders are hours before the close, each a whole number from 1 to {max}, e.g. "24,1"; "off" for none. "{given}" is not one.'),
  'policy.refused.remindersMany': msg<{ max: number }>('At most {max} reminders per motion.'),
  'policy.refused.extendHours': msg<{ max: number }>('extend-hours is how many hours in all a motion\'s deadline may be extended, from 0 (never) to {max}.'),
  'policy.refused.electionCandidates': msg<{ most: number }>('election-candidates is the most candidates an election takes, from 2 to {most}; 0 takes as many as a ballot holds ({most}).'),
  'policy.refused.threads': msg('threads must be on or off.'),
  'policy.refused.key': msg<{ keys: string }>('A policy motion names a setting with --key (one of {keys}) and its new --value.'),

  // Membership.
  'member.refused.raced': msg<{ assembly: string }>('The membership of {assembly} changed while you joined; try again.'),
  'member.refused.delegates': msg<{ assembly: string }>('The members of {assembly} are exactly its delegates: a seat comes from an election in a member assembly.'),
  'member.refused.committee': msg('Committees are elected.'),
  'member.refused.circle': msg<{ assembly: string }>('{assembly} is a circle of a local assembly: join that assembly first.'),
  'member.refused.roleServer': msg<{ assembly: string }>('The members of {assembly} are the holders of a Discord role: join from its Discord server, once you have the role.'),
  'member.refused.roleUnknown': msg('Discord could not say now whether you hold the role; try again in a minute.'),
  'member.refused.roleMissing': msg<{ assembly: string; role: string }>('The members of {assembly} are the holders of the role <@&{role}>: ask whoever gives that role in this server.'),
  'member.refused.already': msg<{ person: string }>('{person} is already a member.'),
  'member.refused.excluded': msg<{ person: string }>('{person} was excluded by the assembly; readmission takes an admission motion.'),
  'member.refused.notAsked': msg<{ person: string }>('{person} has not asked to join; they run `join` first.'),
  'member.refused.notActive': msg<{ person: string }>('{person} is not an active member.'),
  'member.refused.lastFacilitator': msg('An assembly keeps at least one facilitator; appoint another first.'),
  'member.refused.namePerson': msg<{ verb: 'admit' | 'exclude' | 'other' }>('Name the person to {verb, select, admit {admit} exclude {exclude} other {name}} with --person.'),
  'member.refused.nobodyToExclude': msg<{ person: string }>('{person} is not a member, so there is nobody to exclude.'),

  // Motions.
  'motion.refused.noAssembly': msg<{ name: string }>('No assembly is called "{name}".'),
  'motion.refused.fromElsewhere': msg<{ reason: string; number: number }>('{reason} (From elsewhere, name the assembly: Name#{number}.)'),
  'motion.refused.noMotion': msg<{ assembly: string; number: number }>('{assembly} has no motion #{number}.'),
  'motion.refused.optionTwice': msg<{ option: string }>('The option "{option}" is listed twice.'),
  'motion.refused.tooManyOptions': msg<{ most: number; ranked: number; method: 'ranked' | 'other' }>('At most {most} options{method, select, ranked {} other { ({ranked} on a ranked motion)}}.'),
  'motion.refused.yesNoOptions': msg('A yes/no motion has no options; use --method approval or ranked to choose between options.'),
  'motion.refused.seatsMethod': msg('Seats apply to approval and ranked motions only.'),
  'motion.refused.twoOptions': msg<{ method: string }>('A {method} motion needs at least two options (--option A --option B).'),
  'motion.refused.seats': msg<{ most: number }>('Seats must be a whole number from 1 to {most} (fewer than the options).'),
  'motion.refused.hours': msg('The voting period is a whole number of hours from 1 to 2160 (90 days).'),
  'motion.refused.kindHere': msg<{ kind: string }>('This assembly cannot take {kind} motions here.'),
  'motion.refused.excluded': msg<{ assembly: string }>('You were excluded from {assembly} and cannot move motions there.'),
  'motion.refused.members': msg<{ assembly: string }>('Only members of {assembly} can move motions. Run `join` first.'),
  'motion.refused.gone': msg('That motion no longer exists.'),
  'motion.refused.secondMembers': msg<{ assembly: string }>('Only members of {assembly} can second motions.'),
  'motion.refused.secondStatus': msg<{ number: number; status: string }>('Motion #{number} is {status, select, proposed {proposed} open {open} passed {passed} failed {failed} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}; only proposed motions take seconds.'),
  'motion.refused.secondOwn': msg('The mover cannot second their own motion.'),
  'motion.refused.secondedAlready': msg<{ number: number }>('You already seconded motion #{number}.'),
  'motion.refused.already': msg<{ number: number; status: string }>('Motion #{number} is already {status, select, proposed {proposed} open {open} passed {passed} failed {failed} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}.'),
  'motion.refused.refSpaced': msg<{ raw: string; name: string; number: string }>('"{raw}" is not a motion reference; to name the assembly, put # before the number: {name}#{number}.'),
  'motion.refused.ref': msg<{ raw: string }>('"{raw}" is not a motion reference; write its number, like 12 or #12 (or Assembly#12 from a direct message; quote a name with spaces: "Assembly name#12").'),
  'motion.refused.noNumber': msg<{ digits: string }>('There is no motion #{digits}.'),

  // Extending a deadline.
  'extend.refused.hours': msg('Extend by a whole number of hours, 1 or more; a deadline is never shortened.'),
  'extend.refused.assemblyGone': msg('That assembly no longer exists.'),
  'extend.refused.notOpen': msg<{ number: number; status: string }>('Motion #{number} is {status, select, proposed {proposed} open {open} passed {passed} failed {failed} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}; only an open motion\'s deadline can be extended.'),
  'extend.refused.closing': msg<{ number: number }>('Motion #{number} has reached its deadline and is being closed.'),
  'extend.refused.never': msg<{ assembly: string }>('{assembly} does not extend deadlines (its policy extend-hours is 0).'),
  'extend.refused.limit': msg<{ assembly: string; limit: number; number: number; left: number }>('{assembly} allows {limit, plural, one {# hour} other {# hours}} of extension per motion in all; motion #{number} has {left, plural, one {# hour} other {# hours}} left.'),
  'extend.refused.max': msg<{ max: number }>('A motion runs at most {max} hours (90 days) in all.'),

  // Identity.
  'link.refused.code': msg('That code is unknown, already used or expired. Run `link start` again on your other account.'),
  'link.refused.already': msg('These accounts are already linked.'),
  'link.refused.platform': msg<{ platform: string }>('That person already has a {platform} account linked; one account per platform.'),
  'link.refused.bothVoted': msg('Both accounts voted on the same motion, so they cannot be merged until it closes.'),
  'link.refused.gone': msg('The linked person no longer exists.'),

  // Flood limits.
  'flood.refused': msg<{ why: 'member_commands' | 'room_commands' | 'member_motions' | 'room_motions'; limit: number; wait: number }>('{why, select, member_commands {You are sending commands faster than this assembly allows} room_commands {This room is sending commands faster than its assembly allows} member_motions {You have moved {limit} motions this hour, the most this assembly allows} other {This room has moved {limit} motions this hour, the most its assembly allows}}. Try again in {wait} s.'),

  // A recall asked of a delegate's home assembly.
  'recall.request.title': msg<{ home: string; assembly: string; who: string }>('{home} · {assembly} asks you to recall {who}'),
  'recall.request.asked': msg<{ assembly: string; number: number; home: string; who: string; summary: string }>('{assembly} passed motion #{number} asking {home} to recall its delegate {who} ({summary}).'),
  'recall.request.reasons': msg<{ reasons: string }>('Their reasons: {reasons}'),
  'recall.request.nothingChanged': msg<{ who: string; home: string }>('Nothing has changed: {who} keeps the seat and the vote until {home} decides. Only {home} can recall its delegate; any member here may move `recall {who}`.'),
  'recall.request.sent.title': msg<{ assembly: string; home: string }>('{assembly} · request sent to {home}'),
  'recall.request.sent.body': msg<{ home: string; who: string }>('{home} decides whether to recall {who}; until then {who} keeps the seat and the vote here.'),

  // Rooms that refuse messages; the record's checkpoints.
  'room.fault.title': msg<{ assembly: string }>('Facilitators of {assembly}: a room no longer takes messages'),
  'room.fault.body': msg<{ platform: string; room: string; reason: 'gone' | 'forbidden'; detail: string; minutes: number }>('The {platform} room {room} refused a message: {reason, select, gone {the room no longer exists (deleted, or the bot was removed from the server)} other {the bot may not post there (its permissions in that room were taken away)}} ({detail}). Announcements for it are skipped until it is fixed; the bot tries it again every {minutes} minutes. `access status` lists the rooms that refuse messages.'),
  'room.fault.line': msg<{ platform: string; room: string; reason: 'gone' | 'forbidden'; detail: string; since: Date; minutes: number }>('• {platform} room {room}: {reason, select, gone {the room no longer exists (deleted, or the bot was removed from the server)} other {the bot may not post there (its permissions in that room were taken away)}} — {detail} (since {since}; retried every {minutes} min)'),
  'room.fault.thisAssembly': msg('this assembly'),
  'checkpoint.title': msg<{ assembly: string }>('{assembly} · record checkpoint'),
  'checkpoint.body': msg('The record up to here, for anyone to compare later with `audit verify`.'),
};
