import { quoteArg } from '../messages/command-ref.js';
import { publicMessage } from '../messages/message.js';
import { defaultPolicy } from '../model/policy.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { asAssemblyId, asPersonId } from '../shared/ids.js';
import { cleanName, lookAlike } from '../shared/names.js';
import { err, ok, type Result } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { committeeNamed, committeeOf, endCommittee, seated, unseat } from './committees.js';
import { lawToChange } from './law-book.js';

const DAY = 86_400_000;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `committee`: a local assembly creates a committee of its own (name, mandate, laws it carries out, seats, term). */
export const committeeKind: MotionKindHandler = {
  kind: 'committee',
  async prepare(tx, assembly, payload) {
    const name = cleanName('committee name', str(payload.name));
    if (!name.ok) return err(name.error.code, str(payload.name) === '' ? 'Name the committee with --name.' : name.error.message);
    const taken = await tx.assemblyByName(name.value);
    if (taken) return err('conflict', `An assembly called "${taken.name}" exists already${lookAlike(taken.name, name.value)}.`);
    const mandate = cleanText('mandate', str(payload.mandate), LIMITS.reason, { multiline: true });
    if (!mandate.ok) return err('bad-input', 'State its mandate with --mandate "…" (what it carries out).');
    const laws: number[] = [];
    if (str(payload.law) !== '') {
      const law = await lawToChange(tx, assembly, payload.law, 'cite');
      if (!law.ok) return law;
      laws.push(law.value.number);
    }
    const seats = Number(payload.seats ?? 3);
    const termDays = Number(payload.termDays ?? 90);
    if (!Number.isInteger(seats) || seats < 1 || seats > 25) return err('bad-input', 'A committee has from 1 to 25 seats (--seats).');
    if (!Number.isInteger(termDays) || termDays < 1 || termDays > 730) return err('bad-input', 'Its term is from 1 to 730 days (--term-days).');
    return ok({ name: name.value, mandate: mandate.value, laws, seats, termDays });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const p = motion.payload;
    const name = str(p.name);
    if (await tx.assemblyByName(name)) {
      await tx.appendEvent(assembly.id, { type: 'committee.not-created', actorId: null, payload: { motion: motion.number, reason: `the name ${name} was taken meanwhile` } }, at);
      return;
    }
    const committee = await tx.createAssembly({ kind: 'committee', name, level: 0, parentAssemblyId: assembly.id, policy: defaultPolicy() });
    const endsAt = new Date(at.getTime() + Number(p.termDays) * DAY);
    const terms = { mandate: str(p.mandate), laws: p.laws, seats: Number(p.seats), endsAt: endsAt.toISOString(), motion: motion.number, local: assembly.name };
    await tx.appendEvent(committee.id, { type: 'committee.created', actorId: null, payload: terms }, at);
    await tx.appendEvent(assembly.id, { type: 'committee.added', actorId: null, payload: { committee: name, motion: motion.number } }, at);
    afterCommit(() =>
      deps.announcer.announce(
        assembly.id,
        publicMessage(`${assembly.name} · Committee ${name} created`, `Mandate: ${str(p.mandate)}\n${Number(p.seats)} seat(s) until ${endsAt.toISOString().slice(0, 10)}. A facilitator of ${assembly.name} gives it a room (\`committee room ${name}\` there); members are nominated (\`nominate ${quoteArg(name)} --person NAME\`, or themselves), each accepts (\`nomination accept ${quoteArg(name)}\`), and \`committee elect ${quoteArg(name)}\` puts the accepted nominees on the ballot.`, { tone: 'success' }),
        `committee:${committee.id}`,
      ),
    );
  },
  describe: (m) => `creates the committee ${str(m.payload.name)} (${String(m.payload.seats)} seat(s), ${String(m.payload.termDays)} days${Array.isArray(m.payload.laws) && m.payload.laws.length > 0 ? `, carrying out law ${m.payload.laws.join(', ')}` : ''}): ${str(m.payload.mandate)}`,
};

/** `committee-end`: a local assembly ends one of its committees before its term. */
export const committeeEndKind: MotionKindHandler = {
  kind: 'committee-end',
  async prepare(tx, assembly, payload) {
    const c = await committeeNamed(tx, assembly, str(payload.name));
    return c.ok ? ok({ committeeId: c.value.assembly.id, name: c.value.assembly.name }) : c;
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const a = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
    const c = a ? await committeeOf(tx, a) : null;
    if (!c || c.ended) return;
    await endCommittee(tx, c, at, `ended by ${assembly.name} (motion #${motion.number})`);
    const msg = publicMessage(`${assembly.name} · Committee ${c.assembly.name} ended`, `By motion #${motion.number}. Its members' seats and room access end now.`, { tone: 'info' });
    afterCommit(async () => {
      await deps.announcer.announce(assembly.id, msg, `committee-end:${motion.id}`);
      await deps.announcer.announce(c.assembly.id, msg, `committee-end:${motion.id}:c`);
    });
  },
  describe: (m) => `ends the committee ${str(m.payload.name)}`,
};

/** An `election` whose payload names a committee (built by `committee elect`): winners take its seats at once. */
export async function electCommittee({ tx, deps, assembly, motion, result, at, afterCommit }: EffectContext): Promise<void> {
  const a = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
  const c = a ? await committeeOf(tx, a) : null;
  if (!c || c.ended || at >= c.terms.endsAt) {
    await tx.appendEvent(assembly.id, { type: 'election.void', actorId: null, payload: { motion: motion.number, reason: 'the committee has ended' } }, at);
    return;
  }
  await tx.lockAssembly(c.assembly.id);
  const candidates = (motion.payload.candidates as string[]).map(asPersonId);
  let open = c.terms.seats - (await seated(tx, c.assembly)).length;
  const names: string[] = [];
  for (const w of result.winners) {
    const personId = candidates[w];
    if (!personId || open <= 0) continue;
    if ((await tx.membership(c.assembly.id, personId))?.status === 'active' || (await tx.membership(assembly.id, personId))?.status !== 'active') continue;
    await tx.upsertMembership({ assemblyId: c.assembly.id, personId, status: 'active', role: 'member' });
    await tx.appendEvent(c.assembly.id, { type: 'committee.seated', actorId: null, payload: { personId, motion: motion.number } }, at);
    await tx.enqueue('access.grant', `access-grant-${c.assembly.id}-${personId}-${motion.id}`, { action: 'grant', assemblyId: c.assembly.id, homeAssemblyId: assembly.id, personId, reason: `Elected to ${c.assembly.name} by ${assembly.name} (motion #${motion.number})` });
    names.push(motion.options[w] ?? '?');
    open--;
  }
  // Candidates who were not seated keep standing, accepted, as for delegates: a by-election can open with them at once.
  for (const [i, personId] of candidates.entries()) {
    if (result.winners.includes(i) && (await tx.membership(c.assembly.id, personId))?.status === 'active') continue;
    if ((await tx.membership(assembly.id, personId))?.status !== 'active') continue;
    const again = await tx.createNomination({ homeAssemblyId: assembly.id, committeeId: c.assembly.id, personId, nominatedById: personId });
    await tx.acceptNomination(again.id, at);
  }
  await tx.appendEvent(assembly.id, { type: 'committee.elected', actorId: null, payload: { motion: motion.number, committee: c.assembly.name, elected: names } }, at);
  const msg = publicMessage(`${assembly.name} elected ${c.assembly.name}`, names.length > 0 ? `Now seated: ${names.join(', ')}. They get access to the committee's room now.` : 'Nobody was seated.', { tone: 'success' });
  afterCommit(async () => {
    await deps.announcer.announce(assembly.id, msg, `committee-elected:${motion.id}`);
    await deps.announcer.announce(c.assembly.id, msg, `committee-elected:${motion.id}:c`);
  });
}

/** A `recall` naming a committee (built by `committee recall`): checks the person holds one of its seats. */
export async function prepareCommitteeRecall(tx: Parameters<MotionKindHandler['prepare']>[0], assembly: Parameters<MotionKindHandler['prepare']>[1], payload: Readonly<Record<string, unknown>>): Promise<Result<Readonly<Record<string, unknown>>>> {
  const c = await committeeNamed(tx, assembly, str(payload.committee));
  if (!c.ok) return c;
  const person = await tx.person(asPersonId(str(payload.personId)));
  if (!person || (await tx.membership(c.value.assembly.id, person.id))?.status !== 'active') return err('not-found', `${person?.displayName ?? 'That person'} holds no seat on ${c.value.assembly.name}.`);
  return ok({ committeeId: c.value.assembly.id, committee: c.value.assembly.name, personId: person.id, personName: person.displayName });
}

/** A passed committee recall: the member's seat, ballots on its open motions and room access end at once. */
export async function recallFromCommittee({ tx, deps, assembly, motion, at, afterCommit }: EffectContext): Promise<void> {
  const committee = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
  const personId = asPersonId(str(motion.payload.personId));
  if (!committee || (await tx.membership(committee.id, personId))?.status !== 'active') return;
  const voided = await unseat(tx, committee, personId, at, `recalled by ${assembly.name} (motion #${motion.number})`);
  await tx.appendEvent(assembly.id, { type: 'committee.recalled', actorId: null, payload: { motion: motion.number, committee: committee.name, personId } }, at);
  const msg = publicMessage(`${str(motion.payload.personName)} was recalled from ${committee.name} by ${assembly.name}`, [`The seat is vacant now and access to the committee's room is being revoked. Accepted nominees not elected last time still stand; nominate others with \`nominate ${quoteArg(committee.name)}\`, then \`committee elect ${quoteArg(committee.name)}\` opens the by-election.`, voided.length > 0 ? `Their ballots on open motion(s) ${voided.map((n) => `#${n}`).join(', ')} there no longer count.` : ''].filter((l) => l !== '').join('\n'), { tone: 'info' });
  afterCommit(async () => {
    await deps.announcer.announce(assembly.id, msg, `committee-recalled:${motion.id}`);
    await deps.announcer.announce(committee.id, msg, `committee-recalled:${motion.id}:c`);
  });
}
