import { msg } from './message-types.js';

/**
 * English: the replies and refusals of motions, votes, `help`, the text
 * grammar, argument checks, authority and counting (issue 18 item 12).
 */
export const enMotions = {
  // `help`.
  'helpReply.list.title': msg('Plenary commands'),
  'helpReply.list.more': msg('Type `help <command>` for details.'),
  'helpReply.unknown.title': msg<{ command: string }>('No command "{command}"'),
  'helpReply.unknown.body': msg('Type `help` for the list.'),
  'helpReply.arg': msg<{ name: string; description: string; choices: string; hasChoices: 'yes' | 'no'; required: 'yes' | 'no' }>('{name}: {description}{hasChoices, select, yes { ({choices})} other {}}{required, select, yes { — required} other {}}'),
  'helpReply.examples': msg<{ examples: string }>('Examples:\n{examples}'),

  // The text grammar (Matrix, console): what cannot be read as a command.
  'grammar.title': msg('Cannot read that command'),
  'grammar.quoteOpen': msg<{ quote: string }>('A quote ({quote}) is not closed.'),
  'grammar.empty': msg('Type a command, or `help`.'),
  'grammar.unknown': msg<{ typed: string; near: string; hasNear: 'yes' | 'no' }>('"{typed}" is not a command. {hasNear, select, yes {Did you mean: {near}?} other {Type `help` for the list.}}'),
  'grammar.noOption': msg<{ command: string; option: string; near: string; hasNear: 'yes' | 'no'; usage: string }>('{command} has no option --{option}.{hasNear, select, yes { Did you mean: {near}?} other {}}\nUsage: `{usage}`'),
  'grammar.needsValue': msg<{ option: string; description: string; usage: string }>('--{option} needs a value ({description}).\nUsage: `{usage}`'),
  'grammar.twice': msg<{ option: string }>('--{option} is given twice.'),
  'grammar.unexpected': msg<{ words: string; usage: string }>('Unexpected words: {words}. Put text with spaces in quotes.\nUsage: `{usage}`'),

  // Motions: what their commands answer.
  'motion.moved.title': msg<{ number: number }>('Motion #{number} moved'),
  'motion.moved.body': msg<{ open: 'yes' | 'no'; seconds: number }>('{open, select, yes {It is open for voting; the announcement is in the assembly rooms.} other {It opens when {seconds, plural, one {# member has} other {# members have}} seconded it.}}'),
  'motion.seconded.title': msg<{ number: number; count: number; needed: number }>('Motion #{number} seconded ({count}/{needed})'),
  'motion.seconded.opened': msg('It is now open for voting.'),
  'motion.withdrawn.title': msg<{ number: number }>('Motion #{number} withdrawn'),
  'motion.withdrawn.body': msg('Ballots are no longer taken; the announcement is in the assembly rooms.'),
  'field.annulled': msg('Annulled'),
  'motion.annulledBy': msg<{ by: string; motion: string; law: string }>('by {by} (motion #{motion}): it conflicts with law {law} there'),
  'motion.show.title': msg<{ assembly: string; number: number; title: string }>('{assembly} · Motion #{number}: {title}'),
  'field.ballotsSoFar': msg('Ballots so far'),
  'motion.list.title': msg<{ assembly: string; which: 'open' | 'closed' | 'all' }>('{assembly}: {which, select, open {open} closed {closed} other {all}} motions'),
  'motion.list.line': msg<{ number: number; status: string; title: string; kind: string; method: string }>('#{number} [{status}] {title} ({kind}, {method})'),

  // Exports of one motion.
  'blt.notRanked': msg<{ number: number }>('Motion #{number} is not a ranked motion; BLT holds ranked ballots only.'),
  'blt.notClosed': msg<{ number: number; status: string }>('Motion #{number} is still {status, select, proposed {proposed} open {open} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}; its ballots are published when it closes.'),
  'blt.title': msg<{ number: number; count: number }>('Motion #{number}: {count, plural, one {# ranked ballot} other {# ranked ballots}}'),
  'blt.body': msg('Recount with any STV program, or `plenary tally --blt FILE`.'),
  'csv.secretVoters': msg<{ number: number }>('Motion #{number} is a secret ballot: its CSV has the counts only, never who voted what.'),
  'csv.notClosed': msg<{ number: number; status: string }>('Motion #{number} is {status, select, proposed {proposed} open {open} withdrawn {withdrawn} lapsed {lapsed} other {{status}}}; its results are published when it closes.'),
  'csv.results.title': msg<{ number: number }>('Motion #{number}: results as CSV'),
  'csv.secretNote': msg('Secret ballot: counts only.'),
  'csv.ballots.title': msg<{ number: number; count: number }>('Motion #{number}: {count, plural, one {# ballot} other {# ballots}} as CSV'),

  // Who may act on what (src/core/authority).
  'authority.membersThere': msg<{ assembly: string }>('Only members of {assembly} can do that there.'),
  'authority.motionMembersOnly': msg<{ number: number; assembly: string }>('Motion #{number} belongs to {assembly}; only its members act on it.'),
  'authority.relayMotion': msg<{ number: number; assembly: string }>('Motion #{number} is {assembly}\'s own vote on a proposal from above: nobody withdraws it; the assembly decides it by voting.'),
  'authority.moverWithdraws': msg('Only the member who moved a motion can withdraw it.'),
  'authority.delegatesAdmit': msg<{ assembly: string }>('The members of {assembly} are exactly its delegates: a seat comes from an election in a member assembly, never from {assembly} itself.'),
  'authority.delegateExclude': msg<{ name: string; hasName: 'yes' | 'no'; assembly: string; home: string }>('{hasName, select, yes {{name}} other {That person}} sits in {assembly} for {home}, and the seat belongs to {home}: only {home} can recall its delegate (any member there may move `recall`). {assembly} can ask {home} to recall them: a motion of kind exclusion here becomes that request.'),
  'authority.delegateLeave': msg<{ assembly: string; home: string }>('You sit in {assembly} for {home}; the seat belongs to {home}: only {home} can recall its delegate (any member there may move `recall`). Ask {home} to recall you.'),
  'authority.committeeAdmit': msg<{ assembly: string }>('The members of {assembly} are elected by its local assembly (`committee elect` there), never admitted here.'),
  'authority.circleAdmit': msg<{ name: string; hasName: 'yes' | 'no'; local: string; hasLocal: 'yes' | 'no' }>('{hasName, select, yes {{name}} other {That person}} is not a member of {hasLocal, select, yes {{local}} other {the local assembly}}; a circle\'s members are members of its local assembly.'),
  'authority.attach': msg<{ owner: string; what: 'level' | 'circle'; federation: string }>('{what, select, level {Only a facilitator of {owner} (or the founder of the federation) can add a new level of {federation}} other {Only a facilitator of {owner} can add a circle of {owner}}}: {owner} decides what belongs to it.'),
  'authority.relayLeft': msg<{ assembly: string; federation: string; hasFederation: 'yes' | 'no' }>('{assembly} is not a member of {hasFederation, select, yes {{federation}} other {that federation}} (it left, by its own vote): its proposals no longer ask {assembly} for an answer, and an answer given here would not count.'),
  'authority.extend': msg<{ number: number; assembly: string }>('Only the member who moved motion #{number} or a facilitator of {assembly} can extend it.'),
  'authority.law': msg<{ law: number; owner: string }>('Law {law} is {owner}\'s: only {owner} changes its laws, by its own motion.'),
  'authority.notCircle': msg<{ circle: string }>('{circle} is not a circle; an assembly answers only for its own circles.'),
  'authority.otherCircle': msg<{ circle: string }>('{circle} is a circle of another local assembly: only its own local assembly may overrule it, by its own motion.'),
  'reach.committee': msg<{ assembly: string }>('{assembly} is a committee: it has no law-making power. It reports (`committee report`) and asks its local assembly to decide (`committee ask`).'),
  'reach.movedIn': msg<{ kind: string; where: string; assembly: string; is: string; instead: string }>('{kind} motions are moved in {where, select, local {a local assembly} delegates {an assembly of delegates} local_circle {a local assembly or a circle} local_circle_delegates {a local assembly or a circle or an assembly of delegates} local_circle_delegates_committee {a local assembly or a circle or an assembly of delegates or a committee} other {{where}}}; {assembly} is {is, select, local {a local assembly} circle {a circle} delegates {an assembly of delegates} other {a committee}}.{instead, select, admission { Its members are exactly its delegates: a seat comes from an election in a member assembly.} proposal_draft { A local assembly or circle can send a text up with `proposal forward`.} amend_law { Only a local assembly makes laws; a circle decides its routine matters by resolution.} repeal_law { Only a local assembly makes and repeals laws.} annul { Only a circle\'s local assembly may annul the circle\'s decisions, by its own motion.} require_leave { Only a circle\'s local assembly may require it to leave a federation, by its own motion.} other {}}'),

  // Counting (src/core/counting): inputs it cannot count.
  'count.noOptions': msg('There must be at least one option.'),
  'count.seatsRange': msg<{ max: string }>('Seats must be between 1 and {max}.'),
  'count.notOption': msg<{ ballot: number; option: string }>('Ballot {ballot}: {option} is not an option.'),
  'count.approvedTwice': msg<{ ballot: number; option: number }>('Ballot {ballot}: option {option} is approved twice.'),
  'count.noCandidates': msg('There must be at least one candidate.'),
  'count.badCount': msg<{ ballot: number; count: string }>('Ballot {ballot}: the count {count} is not a whole number of ballots.'),
  'count.notCandidate': msg<{ ballot: number; candidate: string; count: string }>('Ballot {ballot}: {candidate} is not a candidate (there are {count}).'),
  'count.rankedTwice': msg<{ ballot: number; candidate: number }>('Ballot {ballot}: candidate {candidate} is ranked twice.'),
  'count.tooMany': msg<{ total: string }>('Too many ballots to count exactly ({total}).'),
  'count.withdrawnNotCandidate': msg<{ candidate: string }>('Withdrawn candidate {candidate} is not a candidate.'),
  'count.noValid': msg('There are no valid ballots to count.'),
  'count.noSeats': msg('There must be at least one seat to fill.'),
  'count.wholeVotes': msg('Vote counts must be whole numbers.'),
  'count.wholeEligible': msg('The number of eligible members must be a whole number.'),
  'count.castOverEligible': msg<{ cast: number; eligible: number }>('{cast, plural, one {# ballot was} other {# ballots were}} cast but only {eligible, plural, one {# member is} other {# members are}} eligible.'),
  'count.shareFraction': msg<{ name: 'quorum' | 'threshold'; got: string }>('The {name, select, quorum {quorum} other {threshold}} must be a fraction between 0 and 1 (got {got}).'),
  'count.shareComparison': msg<{ name: 'quorum' | 'threshold' }>('The {name, select, quorum {quorum} other {threshold}} must say "at-least" or "more-than".'),

  // Member text (src/core/shared/text.ts): labels are selectors (`values_statement`).
  'text.empty': msg<{ label: string }>('The {label, select, values_statement {values statement} circle_name {circle name} committee_name {committee name} assembly_name {assembly name} federation_name {federation name} other {{label}}} is empty.'),
  'text.control': msg<{ label: string }>('The {label, select, values_statement {values statement} circle_name {circle name} committee_name {committee name} assembly_name {assembly name} federation_name {federation name} other {{label}}} contains control characters; please use plain text.'),
  'text.oneLine': msg<{ label: string }>('The {label, select, values_statement {values statement} circle_name {circle name} committee_name {committee name} assembly_name {assembly name} federation_name {federation name} other {{label}}} must be a single line.'),
  'text.tooLong': msg<{ label: string; length: string; max: string }>('The {label, select, values_statement {values statement} circle_name {circle name} committee_name {committee name} assembly_name {assembly name} federation_name {federation name} other {{label}}} is {length} characters long; the limit is {max}.'),

  // Arguments (src/core/commands/args.ts): what a value must be.
  'args.missing': msg('is missing'),
  'args.didYouMean': msg<{ near: string }>(' Did you mean: {near}?'),
  'args.bool': msg('expected true or false'),
  'args.wholeRange': msg<{ min: string; max: string }>('expected a whole number from {min} to {max}'),
  'args.numberRange': msg<{ min: string; max: string }>('expected a number from {min} to {max}'),
  'args.maxChars': msg<{ max: string }>('at most {max} characters'),
  'args.maxEntries': msg<{ max: string }>('at most {max} entries'),
  // zod's own issues (src/core/commands/arg-issues.ts), by issue code.
  'args.zod.type': msg<{ expected: string }>('expected {expected, select, string {text} number {a number} int {a whole number} boolean {true or false} array {a list} other {another kind of value}}'),
  'args.zod.bound': msg<{ side: 'min' | 'max'; what: 'chars' | 'entries' | 'number'; n: number }>(
    '{side, select, min {at least} other {at most}} {what, select, chars {{n, plural, one {# character} other {# characters}}} entries {{n, plural, one {# entry} other {# entries}}} other {{n}}}',
  ),
  'args.zod.oneOf': msg<{ values: string }>('expected one of: {values}'),
  'args.zod.format': msg('not in the expected format'),
  'args.zod.multipleOf': msg<{ divisor: string }>('expected a multiple of {divisor}'),
  'args.zod.unknownKeys': msg<{ keys: string }>('unknown arguments: {keys}'),
  'args.zod.invalid': msg('not a value this argument takes'),
};
