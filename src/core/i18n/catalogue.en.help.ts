import { msg } from './message-types.js';

/**
 * English help of the command table (`help`, Discord's command and option
 * descriptions), keyed by command path: `help.<path>.summary` (one line, at
 * most 100 characters: Discord's limit), `help.<path>.text`, optional
 * `help.<path>.examples` (one per line) and `help.<path>.arg.<name>`, else the
 * shared `help.arg.<name>`. Every command and argument must have one
 * (test/unit/i18n/command-help.test.ts); `commands/help-text.ts` reads them.
 * Help texts may use `{keys}` (the policy keys) and `{languages}`.
 */
export const enHelp = {
  // Discord option hints, after an argument's description.
  'help.hint.list': msg(' (comma-separated)'),
  'help.hint.long': msg(' (leave out to write it in a form)'),
  'help.hint.form': msg(' (or in the form)'),

  // Choices' labels where a platform shows one (Discord); motion kinds and methods are `motion.kind` / `motion.method`.
  'help.choice.yes': msg('yes'),
  'help.choice.no': msg('no'),
  'help.choice.abstain': msg('abstain'),
  'help.choice.open': msg('open'),
  'help.choice.closed': msg('closed'),
  'help.choice.all': msg('all'),
  'help.choice.active': msg('active'),
  'help.choice.pending': msg('pending'),
  'help.choice.excluded': msg('excluded'),
  'help.choice.facilitator': msg('facilitator'),
  'help.choice.member': msg('member'),
  'help.choice.on': msg('on'),
  'help.choice.off': msg('off'),
  'help.choice.accept': msg('accept'),
  'help.choice.reject': msg('reject'),
  'help.choice.amend': msg('amend'),

  // Arguments shared by several commands (a command may say it its own way: `help.<path>.arg.<name>`).
  'help.arg.body': msg('the full text'),
  'help.arg.candidates': msg('a shortlist of accepted nominees (names, comma-separated)'),
  'help.arg.committee': msg('the committee'),
  'help.arg.federation': msg('the federation'),
  'help.arg.hours': msg('voting period in hours'),
  'help.arg.motion': msg('the motion number, e.g. 12'),
  'help.arg.proposal': msg('the proposal, e.g. P-12'),
  'help.arg.reason': msg('why (shown to members)'),
  'help.arg.title': msg('a one-line title'),

  'help.help.summary': msg('List the commands, or explain one'),
  'help.help.text': msg('Without arguments lists every command; `help motion propose` explains one with its arguments and examples.'),
  'help.help.arg.command': msg('a command name'),

  'help.assembly.setup.summary': msg('Turn this room into an assembly (or bind it to one you facilitate)'),
  'help.assembly.setup.text': msg('Creates a local assembly bound to this room and makes you its first facilitator. With --existing, binds this room to an assembly you already facilitate, so it is reachable from several rooms and platforms.'),
  'help.assembly.setup.examples': msg('assembly setup "Riverside Tenants"\nassembly setup "Riverside Tenants" --existing'),
  'help.assembly.setup.arg.name': msg('the assembly name'),
  'help.assembly.setup.arg.existing': msg('bind to an existing assembly'),

  'help.assembly.show.summary': msg('Show this room\'s assembly and its rules'),
  'help.assembly.show.text': msg('Shows the assembly bound to this room: members, admission, values statement and the default quorum, threshold and voting period of each kind of motion.'),

  'help.assembly.policy.summary': msg('Change one of the assembly\'s settings (facilitators)'),
  'help.assembly.policy.text': msg<{ keys: string }>('Facilitators manage the assembly\'s defaults. Keys: {keys}. quorum, threshold, hours and secret are per motion kind (--kind). delegate-seats (assemblies of delegates): seats per member assembly, a number or "proportional <members per seat> [max]". electorate: role:@Role makes the holders of that Discord role the members (joins and leaves follow the role), commands puts joining back to commands. checkpoint-hours: post the record\'s head in the rooms at most this often when it changed (0: never; default 24). extend-hours: how much in all a motion\'s deadline may be extended (0: never; default 72). reminders: hours before a motion closes to remind who has not voted, e.g. 24,1 (off: none). threads: on opens a discussion thread under each motion\'s announcement where the platform has threads. language: the language of the assembly\'s rooms and of personal replies to members who chose none (en, es, or a regional tag such as es-MX). timezone: the IANA time zone of dates in its messages (Europe/Madrid, UTC). Shares are written 1/2, >1/2 (more than half), 2/3 or 10%. Members can change the same settings by a policy motion instead.'),
  'help.assembly.policy.examples': msg('assembly policy admission approval\nassembly policy threshold 2/3 --kind exclusion\nassembly policy values "Equality and mutual aid"\nassembly policy electorate role:@Members'),
  'help.assembly.policy.arg.key': msg('the setting'),
  'help.assembly.policy.arg.value': msg('its new value'),
  'help.assembly.policy.arg.kind': msg('the motion kind (for quorum, threshold, hours, secret)'),

  'help.join.summary': msg('Join this room\'s assembly'),
  'help.join.text': msg('Joins the assembly bound to this room. Open assemblies admit you at once; others put your request to a facilitator or an admission motion. If the assembly has a statement of values, read it and add --accept-values.'),
  'help.join.arg.accept-values': msg('accept the assembly\'s statement of values'),

  'help.leave.summary': msg('Leave this assembly'),
  'help.leave.text': msg('Ends your membership. Ballots you already cast on open motions still count; you can join again later.'),

  'help.members.summary': msg('List the members'),
  'help.members.text': msg('Lists the active members (and who is waiting for approval) with their role.'),
  'help.members.arg.status': msg('which members'),

  'help.member.approve.summary': msg('Admit a person (facilitators)'),
  'help.member.approve.text': msg('Admits a person who asked to join (approval policy) or invites one (invite policy). Readmitting an excluded person takes an admission motion.'),
  'help.member.approve.arg.user': msg('the person to admit'),

  'help.member.role.summary': msg('Make a member a facilitator, or not (facilitators)'),
  'help.member.role.text': msg('Facilitators manage room bindings and defaults; they have no vote beyond their member vote. An assembly always keeps at least one.'),
  'help.member.role.arg.user': msg('the member'),
  'help.member.role.arg.role': msg('facilitator or member'),

  'help.link.start.summary': msg('Get a one-time code to link another chat account'),
  'help.link.start.text': msg('Gives a code valid for 15 minutes. Run `link redeem <code>` from your account on the other platform; from then on both accounts are one person with one vote.'),

  'help.link.redeem.summary': msg('Link this account to the one that issued the code'),
  'help.link.redeem.text': msg('Joins this chat account to the person who ran `link start`, so that person has one vote everywhere.'),
  'help.link.redeem.arg.code': msg('the code that link start gave'),

  'help.motion.propose.summary': msg('Move a motion'),
  'help.motion.propose.text': msg('Moves a motion in this assembly. It opens for voting at once, or after the seconds the assembly requires. Kinds: resolution (a decision binding this assembly only; in a local assembly it becomes a law), election, admission/exclusion (--person), policy (--key, --value, --for-kind); in a local assembly also amend-law (--law, new text in --body), repeal-law (--law), annul (a decision of a circle: --circle, --motion, citing --law) require-leave (a circle leaves a federation: --circle, --federation, citing --law), committee (--name, --mandate, --law, --seats, --term-days) and committee-end (--name). Approval and ranked motions take two or more --option. Joining or leaving a federation, recalls, mandates and forwarding have their own commands.'),
  'help.motion.propose.examples': msg('motion propose "Adopt the community fridge rota" --body "…"\nmotion propose "Pick a meeting day" --method approval --option Monday --option Thursday\nmotion propose "Exclude X" --kind exclusion --person @x\nmotion propose "Longer fridge hours" --kind amend-law --law 2 --body "…"\nmotion propose "Annul the Garden\'s paint decision" --kind annul --circle Garden --motion 3 --law 1'),
  'help.motion.propose.arg.kind': msg('what kind of motion'),
  'help.motion.propose.arg.method': msg('how votes are cast and counted'),
  'help.motion.propose.arg.option': msg('an option (repeat for each)'),
  'help.motion.propose.arg.seats': msg('how many options win (ranked/approval)'),
  'help.motion.propose.arg.secret': msg('secret ballot (tallies only)'),
  'help.motion.propose.arg.person': msg('the person (admission, exclusion)'),
  'help.motion.propose.arg.key': msg('the setting (policy motions)'),
  'help.motion.propose.arg.value': msg('its new value (policy motions)'),
  'help.motion.propose.arg.for-kind': msg('the motion kind a policy default applies to'),
  'help.motion.propose.arg.law': msg('the law (amend-law, repeal-law; the law cited by annul, require-leave)'),
  'help.motion.propose.arg.circle': msg('the circle (annul, require-leave)'),
  'help.motion.propose.arg.motion': msg('the circle\'s motion number (annul)'),
  'help.motion.propose.arg.federation': msg('the federation the circle must leave (require-leave)'),
  'help.motion.propose.arg.name': msg('the committee (committee, committee-end)'),
  'help.motion.propose.arg.mandate': msg('the committee\'s mandate'),
  'help.motion.propose.arg.term-days': msg('the committee\'s term in days'),

  'help.motion.second.summary': msg('Second a motion'),
  'help.motion.second.text': msg('Co-sponsors a motion that is waiting for seconds; it opens for voting when enough members have seconded. The mover\'s own second does not count.'),

  'help.motion.withdraw.summary': msg('Withdraw a motion you moved'),
  'help.motion.withdraw.text': msg('Withdraws your own motion before it closes. Ballots already cast are kept in the record but not counted.'),

  'help.motion.extend.summary': msg('Extend an open motion\'s deadline'),
  'help.motion.extend.text': msg('Moves an open motion\'s closing time later by whole hours (never earlier). The member who moved it or a facilitator may, up to the assembly\'s extend-hours in all (default 72; 0 turns it off). Every extension is announced in the assembly\'s rooms and recorded.'),
  'help.motion.extend.examples': msg('motion extend 12 24'),
  'help.motion.extend.arg.hours': msg('how many hours later it closes'),

  'help.motion.show.summary': msg('Show a motion'),
  'help.motion.show.text': msg('Shows a motion with its text, rules, status and, once closed, its result. Open motions show how many have voted; tallies appear at close.'),

  'help.motion.list.summary': msg('List motions'),
  'help.motion.list.text': msg('Lists the open motions of this assembly (or closed ones, or all), newest first.'),
  'help.motion.list.arg.status': msg('which motions'),

  'help.vote.summary': msg('Vote on a motion (or change your vote)'),
  'help.vote.text': msg('Casts your ballot; vote again to change it until the motion closes (the last ballot counts). Yes/no motions: yes, no or abstain (abstentions count toward quorum only). Approval: every option you approve, e.g. 1,3. Ranked: options best first, e.g. 2>1>3. Options by number or by name.'),
  'help.vote.examples': msg('vote 12 yes\nvote 13 1,3\nvote 14 2>1>3'),
  'help.vote.arg.choice': msg('your ballot'),

  'help.ballot.summary': msg('See your own current ballot'),
  'help.ballot.text': msg('Shows the ballot you cast on a motion (only to you). Nobody can see another person\'s ballot on a secret motion.'),

  'help.results.summary': msg('Results of a closed motion'),
  'help.results.text': msg('Shows the tally, turnout, quorum and outcome. With --voters, lists who voted what — only for motions with an open ballot; secret ballots never reveal voters.'),
  'help.results.arg.voters': msg('list each member\'s ballot (open ballots only)'),

  'help.motion.blt.summary': msg('Download the ballots of a ranked motion as a BLT file'),
  'help.motion.blt.text': msg('Exports the ballots of a closed ranked motion (an election) in the BLT format that other STV programs read, so anyone can recount it with another tool. Identical rankings are grouped, so the file shows no voters and no casting order.'),

  'help.motion.csv.summary': msg('Download the results of a motion as CSV'),
  'help.motion.csv.text': msg('Sends the results of a closed motion as a CSV file for a spreadsheet: one row per option with its votes, turnout and outcome. Secret ballots: counts only. With --voters (open ballots only), also a file of who voted what. Every assembly at once: `audit export --format csv`.'),
  'help.motion.csv.examples': msg('motion csv 12\nmotion csv 12 --voters'),
  'help.motion.csv.arg.voters': msg('also a file of each member\'s ballot (open ballots only)'),

  'help.pending.summary': msg('Open motions still waiting for your vote'),
  'help.pending.text': msg('Lists, only to you, the open motions you have not voted on yet in every assembly you are a member of (as a delegate, your assembly of delegates too), the one closing first on top. Each is named Assembly#number, which you can vote on from anywhere.'),

  'help.remind.summary': msg('Reminders to vote by direct message, on or off'),
  'help.remind.text': msg('With `on`, the bot sends you a direct message on this account before a motion of your assemblies closes while you have not voted on it, at the times each assembly sets (`assembly policy reminders`, e.g. 24,1 hours before). Nobody else learns whether you voted. `off` stops them.'),
  'help.remind.examples': msg('remind on\nremind off'),
  'help.remind.arg.setting': msg('on or off'),

  'help.language.summary': msg('The language of your personal replies'),
  'help.language.text': msg<{ languages: string }>('Personal replies to this account (your ballot, refusals, `pending`) come in this language: {languages}, or a regional tag such as es-MX. `language default` goes back to your platform\'s language where it tells the bot (Discord does), else the assembly\'s. What a room hears is in the assembly\'s language (`assembly policy language`).'),
  'help.language.examples': msg('language es\nlanguage en-GB\nlanguage default'),
  'help.language.arg.tag': msg('a language tag, or default'),

  'help.timezone.summary': msg('The time zone of dates in your personal replies'),
  'help.timezone.text': msg('Dates in personal replies to this account (deadlines in `pending`, your ballot\'s motion) are shown in this IANA time zone, e.g. Europe/Madrid, America/Mexico_City, Pacific/Auckland or UTC. `timezone default` goes back to the assembly\'s. Rooms see the assembly\'s zone (`assembly policy timezone`).'),
  'help.timezone.examples': msg('timezone Europe/Madrid\ntimezone America/Los_Angeles\ntimezone default'),
  'help.timezone.arg.zone': msg('an IANA time zone, or default'),

  'help.audit.verify.summary': msg('Check this assembly\'s record'),
  'help.audit.verify.text': msg('Re-checks the hash chain of every recorded event up to the assembly\'s head, compares every motion and its ballots with what the record says, recounts every closed motion, and compares the chain with the heads the bot posted in this assembly\'s rooms (read back from the rooms\' own history). Anything altered, missing or miscounted is reported.'),

  'help.audit.export.summary': msg('Download this assembly\'s record (or its results as CSV)'),
  'help.audit.export.text': msg('Sends the record as JSON lines: every event, motion, result and the ballots of closed motions (secret ballots without voters). The hashes let anyone re-check the chain with their own tools; `audit verify` does it here. With --format csv: the results of every motion, one row each, for a spreadsheet (counts only, never voters; one motion in detail: `motion csv`).'),
  'help.audit.export.examples': msg('audit export\naudit export --format csv'),
  'help.audit.export.arg.format': msg('jsonl (the record, default) or csv (the results of every motion)'),

  'help.audit.checkpoint.summary': msg('Post the record\'s current head in this assembly\'s rooms'),
  'help.audit.checkpoint.text': msg('Posts the assembly\'s chain head (event number and hash) in every room bound to it, so members\' chat history witnesses the record up to now; results post it too. Each head is posted once.'),

  'help.web.summary': msg('Get your personal link to this assembly\'s pages on the web'),
  'help.web.text': msg('Replies to you alone with a link to the assembly\'s web pages (motions, tallies, delegates, the federation map, proposals, the record). The link works for a few hours and only while you are a member; do not share it. Assemblies choose who sees their pages with `assembly policy web-visibility public|members|off`.'),

  'help.federation.create.summary': msg('Found a federation; this room becomes its assembly of delegates'),
  'help.federation.create.text': msg('Creates a federation with a name and a purpose, and its first assembly of delegates bound to this room. Its members will be the delegates elected by the assemblies that join. As founder you can issue the first invitations.'),
  'help.federation.create.examples': msg('federation create "Valley Transport" --purpose "Shared buses between our towns"'),
  'help.federation.create.arg.name': msg('the federation name'),
  'help.federation.create.arg.purpose': msg('what the federation is for'),

  'help.federation.assembly.summary': msg('Create another assembly of delegates in a federation (a middle level)'),
  'help.federation.assembly.text': msg('Binds this room to a new assembly of delegates in the federation (a facilitator of its top assembly, or its founder, consents by running it). Local assemblies join it with its invitations; once it has delegates, it joins its own parent by its own federation-join motion.'),
  'help.federation.assembly.arg.name': msg('the assembly name'),

  'help.federation.invite.summary': msg('Issue an invitation code for an assembly to join (facilitators, founder)'),
  'help.federation.invite.text': msg('The parent\'s consent to a join: a one-time code. The joining assembly passes a federation-join motion naming it; only then is it a member. With --remote: one line for an assembly on another Plenary deployment (it carries this deployment\'s id, bot account and key beside the code).'),
  'help.federation.invite.arg.hours': msg('how long the code is valid (default 168)'),
  'help.federation.invite.arg.remote': msg('for an assembly on another Plenary deployment'),

  'help.federation.join.summary': msg('Move that this assembly joins a federation (with an invitation code)'),
  'help.federation.join.text': msg('Moves a federation-join motion in this assembly. Federation is voluntary: the assembly joins only if its members vote for it.'),
  'help.federation.join.arg.code': msg('the invitation code from the parent'),

  'help.federation.leave.summary': msg('Move that this assembly leaves a federation'),
  'help.federation.leave.text': msg('Moves a federation-leave motion. Leaving needs only this assembly’s vote; its delegates lose their seats and access when it passes.'),
  'help.federation.leave.arg.federation': msg('the federation to leave'),

  'help.federation.show.summary': msg('Show the federations of this assembly, or one federation as a tree'),
  'help.federation.show.text': msg('Without a name: the federations this assembly belongs to, with its parent and seats in each. With a name: the whole tree with each assembly’s delegates.'),
  'help.federation.show.arg.federation': msg('a federation'),

  'help.access.status.summary': msg('Delegates\' room access changes that have not gone through, and rooms that refuse the bot'),
  'help.access.status.text': msg('Granting and revoking delegates’ access to their rooms runs in the background and is retried until it succeeds. This lists the changes that are failing right now and why (often a missing bot permission a facilitator can fix), and the rooms of this assembly that refuse the bot’s messages (deleted, or its permissions taken away).'),

  'help.seats.summary': msg('This assembly\'s delegate seats in each federation'),
  'help.seats.text': msg('For each federation: the parent assembly, the seats this assembly holds there, who holds them, and open nominations.'),

  'help.nominate.summary': msg('Nominate a member (or yourself) as delegate or for a committee'),
  'help.nominate.text': msg('Nominates a member of this assembly for its seats in a federation, or (in a local assembly) for the seats of one of its committees. Self-nomination counts as accepted; anyone else must accept with `nomination accept` before they can be on a ballot: nobody is elected without consenting.'),
  'help.nominate.arg.federation': msg('the federation (or a committee of this assembly)'),
  'help.nominate.arg.person': msg('who (default: you)'),

  'help.nomination.accept.summary': msg('Accept your nomination as delegate or for a committee'),
  'help.nomination.accept.text': msg('A nominee stands (goes on the next ballot) only after accepting.'),
  'help.nomination.accept.arg.federation': msg('the federation (or a committee of this assembly)'),

  'help.nomination.withdraw.summary': msg('Withdraw your nomination as delegate or for a committee'),
  'help.nomination.withdraw.text': msg('Stands you down before the election is called, whether you had accepted or not; you can be nominated again later.'),
  'help.nomination.withdraw.arg.federation': msg('the federation (or a committee of this assembly)'),

  'help.election.call.summary': msg('Open the election of delegates (or of a committee) for the vacant seats'),
  'help.election.call.text': msg('Moves an election motion with the accepted nominees and "Re-open nominations", counted by instant-runoff (one seat) or STV (several). Winners take their seats the moment it closes. A ballot holds up to 35 candidates, fewer when the assembly caps them (policy election-candidates): the earliest to accept go on it and the others stay nominated; --candidates shortlists accepted nominees by name instead. Naming a committee of this local assembly elects its vacant seats the same way (as `committee elect`).'),
  'help.election.call.arg.federation': msg('the federation (or a committee of this assembly)'),
  'help.election.call.arg.term-days': msg('term length in days (optional)'),

  'help.recall.summary': msg('Move to recall a delegate of this assembly'),
  'help.recall.text': msg('Any member may move a recall at any time. When it passes the delegate loses the seat, the vote upstairs and access to the delegates’ room at once; their ballots on open motions there stop counting and a by-election opens.'),
  'help.recall.arg.person': msg('the delegate'),

  'help.delegate.record.summary': msg('A delegate\'s votes upstairs'),
  'help.delegate.record.text': msg('Lists how a delegate of this assembly voted in the assembly of delegates, marking whether each vote followed this assembly’s mandate. Secret ballots upstairs show only that a ballot was cast: never the choice, and never whether it followed a mandate (that would tell the choice).'),
  'help.delegate.record.arg.person': msg('the delegate'),

  'help.mandate.summary': msg('Move a mandate: how our delegates must vote on a motion upstairs'),
  'help.mandate.text': msg('Moves a mandate motion naming a motion in the assembly of delegates (Name#12) and the vote expected. Reports of your delegates’ votes then say whether they followed it.'),
  'help.mandate.examples': msg('mandate "Valley Transport delegates#3" no'),
  'help.mandate.arg.motion': msg('the motion upstairs, as Name#12'),
  'help.mandate.arg.vote': msg('yes, no or abstain'),

  'help.circle.create.summary': msg('Make this channel, thread or room a circle of a local assembly'),
  'help.circle.create.text': msg('A circle (a workplace, a neighbourhood) decides its own routine matters; its members are members of the local assembly who join it (and stop being members when they leave it). A facilitator of the local assembly creates it. It can forward motions to the local assembly\'s agenda.'),
  'help.circle.create.arg.name': msg('the circle name'),
  'help.circle.create.arg.assembly': msg('the local assembly it belongs to'),

  'help.circle.forward.summary': msg('Move that a motion\'s text goes to the local assembly\'s agenda'),
  'help.circle.forward.text': msg('In a circle: moves a forward motion; if the circle passes it, the text becomes a motion of the local assembly under its own rules.'),
  'help.circle.forward.arg.motion': msg('the circle motion whose text to forward'),

  'help.proposal.draft.summary': msg('Move to issue a proposal to every member assembly below'),
  'help.proposal.draft.text': msg('In an assembly of delegates: moves a proposal-draft motion. If it passes, version 1 is relayed down the federation: every member assembly votes to accept or reject it (or asks for an amendment) under its own rules, and it is adopted — binding only the accepters — when the rule is met. Rules: a number of local assemblies (10), a share of those in scope (60%), or members covered (members:500). --agenda N takes up a text forwarded from below.'),
  'help.proposal.draft.examples': msg('proposal draft "Shared bike network" --text "…" --rule 60% --deadline 30\nproposal draft --agenda 4 --rule 10'),
  'help.proposal.draft.arg.text': msg('the full proposal text'),
  'help.proposal.draft.arg.rule': msg('adoption rule: 10, 60% or members:500'),
  'help.proposal.draft.arg.deadline': msg('days until it expires'),
  'help.proposal.draft.arg.agenda': msg('an agenda item forwarded from below'),

  'help.proposal.amend.summary': msg('Move a new version of a proposal this assembly drafted'),
  'help.proposal.amend.text': msg('In the drafting assembly: moves a motion to issue the next version (e.g. after amendment requests). If it passes, the new version supersedes the old everywhere: open votes on the old one close, every assembly is offered the new one and shown what changed, and adoption starts afresh.'),
  'help.proposal.amend.arg.text': msg('the new full text'),
  'help.proposal.amend.arg.title': msg('a new title (default: unchanged)'),
  'help.proposal.amend.arg.note': msg('what changed, in a line'),

  'help.proposal.withdraw.summary': msg('Move to withdraw a proposal this assembly drafted'),
  'help.proposal.withdraw.text': msg('In the drafting assembly: moves a motion that, if passed, ends the proposal everywhere (open votes on it close; decisions taken stay in the record).'),

  'help.proposal.respond.summary': msg('Move a response to a proposal from above: accept, reject (with reasons) or ask to amend'),
  'help.proposal.respond.text': msg('Every referred assembly already has a motion to accept (vote yes or no on it). This moves a further response motion: reject with --text giving the reasons, which travel up; amend with --text saying what to change, which reaches the drafting assembly grouped with other requests; or accept. The last response motion to pass decides.'),
  'help.proposal.respond.arg.response': msg('accept, reject or amend'),
  'help.proposal.respond.arg.text': msg('reasons (reject) or the change asked for (amend)'),

  'help.proposal.forward.summary': msg('Move to send a proposal text to this assembly\'s parent in a federation'),
  'help.proposal.forward.text': msg('In a local assembly or circle that is a member of a federation: moves a forward motion; if it passes, the text goes onto the agenda of its parent assembly of delegates, whose delegates may take it up as a new proposal (`proposal draft --agenda N`).'),
  'help.proposal.forward.arg.text': msg('the proposal text'),

  'help.proposal.show.summary': msg('The text of a proposal, its adoption rule and what changed'),
  'help.proposal.show.text': msg('Shows a version (default: the current one) in full, with the change from the version before.'),
  'help.proposal.show.arg.version': msg('which version'),

  'help.proposal.status.summary': msg('Where a proposal stands: counts for the whole tree and per level'),
  'help.proposal.status.text': msg('The relay tree of the current version: accepted / rejected / asked to amend / pending local assemblies and members covered, for the whole scope and per level, the drafting assembly’s members, grouped amendment requests and rejections with reasons.'),

  'help.proposal.path.summary': msg('Where this assembly\'s decision sits in the reports to a parent on another deployment'),
  'help.proposal.path.text': msg('For a proposal that came from a parent on another deployment through an assembly of delegates: this assembly\'s decision as a leaf of the Merkle tree of that assembly\'s subtree reports, with its audit path and root, checked here. Compare the root with the one the parent counted.'),
  'help.proposal.list.summary': msg('This assembly\'s proposals: offered to it, drafted by it, and its agenda'),
  'help.proposal.list.text': msg('Lists proposals offered to this assembly (with its decision), proposals it drafted, and texts forwarded to it from below.'),

  'help.law.list.summary': msg('This local assembly\'s laws'),
  'help.law.list.text': msg('The law book: every resolution this local assembly passed, and every federation proposal it accepted that was adopted, numbered, in force until its own motion repeals them (--all lists the repealed ones too). Laws change only by this assembly\'s motions: `motion propose … --kind amend-law --law N --body "new text"`, `--kind repeal-law --law N`.'),
  'help.law.list.arg.all': msg('also the repealed laws'),

  'help.law.show.summary': msg('A law: its text, how it passed, its versions and what is kept under it'),
  'help.law.show.text': msg('Shows a law of this local assembly (or Town#3 for another one\'s): its text in force, the motion that passed it or the federation proposal it came from, each amendment with what changed, its repeal, and what is kept under it (annulled circle decisions).'),
  'help.law.show.arg.law': msg('the law number, e.g. 3'),

  'help.committee.room.summary': msg('Make this channel, thread or room a committee\'s room'),
  'help.committee.room.text': msg('A facilitator of the local assembly gives a committee it created a room; access to it follows the committee\'s seats (granted when elected, revoked when recalled, ended or its term ends).'),

  'help.committee.elect.summary': msg('Move the election of a committee\'s vacant seats'),
  'help.committee.elect.text': msg('In the local assembly: moves a ranked election (instant-runoff for one seat, STV for several) among the accepted nominees, as for delegates: members are nominated with `nominate COMMITTEE --person NAME` (or nominate themselves), and each stands only after `nomination accept COMMITTEE`; --candidates shortlists accepted nominees by name. Winners take their seats, and access to the room of the committee, when it closes.'),

  'help.committee.recall.summary': msg('Move to recall a member of a committee'),
  'help.committee.recall.text': msg('Any member of the local assembly may move it at any time; when it passes the person\'s seat, their ballots on the committee\'s open motions and their access to its room end at once.'),
  'help.committee.recall.arg.person': msg('the committee member'),

  'help.committee.report.summary': msg('Report to the local assembly (committee members)'),
  'help.committee.report.text': msg('In a committee\'s room: a report is announced in the local assembly\'s rooms and kept in its law book under the laws the committee carries out.'),
  'help.committee.report.arg.text': msg('the report'),

  'help.committee.ask.summary': msg('Move that the committee asks its local assembly to decide'),
  'help.committee.ask.text': msg('In a committee\'s room: moves a forward motion; if the committee passes it, its text becomes a motion on the local assembly\'s agenda, under that assembly\'s rules (a committee decides nothing for it).'),
  'help.committee.ask.arg.title': msg('what to decide'),

  'help.committee.show.summary': msg('A committee: its mandate, laws, seats, members and term'),
  'help.committee.show.text': msg('Shows a committee of this local assembly (or, in a committee\'s room, that one).'),
};
