import type { Assembly } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreTx } from '../ports/store.port.js';
import type { EffectContext } from '../services/motion-kinds.js';
import { asAssemblyId, asFederationId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';

/** A `forward` motion to a federation: the assembly must be a member of it; its parent there receives the text. */
export async function prepareFederationForward(tx: StoreTx, assembly: Assembly, federationName: string): Promise<Result<Readonly<Record<string, unknown>>>> {
  const federation = await tx.federationByName(federationName);
  if (!federation) return err('not-found', `No federation is called "${federationName}".`);
  const edge = await tx.activeEdge(federation.id, assembly.id);
  if (!edge) return err('bad-input', `${assembly.name} is not a member of ${federation.name}, so it has no parent there to forward to.`);
  const parent = await tx.assembly(edge.parentAssemblyId);
  return ok({ federationId: federation.id, federationName: federation.name, parentAssemblyId: edge.parentAssemblyId, parentName: parent?.name ?? '?' });
}

/** A passed forward motion puts its text on the parent's agenda, where its delegates can take it up as a draft. */
export async function forwardToParent({ tx, deps, assembly, motion, at, afterCommit }: EffectContext): Promise<void> {
  const parentId = asAssemblyId(String(motion.payload.parentAssemblyId));
  const federationId = asFederationId(String(motion.payload.federationId));
  const edge = await tx.activeEdge(federationId, assembly.id);
  const parent = await tx.assembly(parentId);
  if (edge?.parentAssemblyId !== parentId || !parent) {
    await tx.appendEvent(assembly.id, { type: 'forward.failed', actorId: null, payload: { motion: motion.number, reason: 'this assembly is no longer a member there' } }, at);
    return;
  }
  const item = await tx.relay.createAgendaItem({ assemblyId: parentId, fromAssemblyId: assembly.id, federationId, title: motion.title, text: motion.body, forwardedByMotionId: motion.id });
  await tx.appendEvent(assembly.id, { type: 'forward.sent', actorId: null, payload: { motion: motion.number, to: parent.name, agendaItem: item.number } }, at);
  await tx.appendEvent(parentId, { type: 'agenda.received', actorId: null, payload: { from: assembly.name, agendaItem: item.number, title: motion.title } }, at);
  afterCommit(() =>
    deps.announcer.announce(
      parentId,
      publicMessage(`${parent.name} · ${assembly.name} forwarded a proposal text (agenda item A-${item.number})`, `${motion.title}\n\n${motion.body}\n\nA delegate can take it up: \`proposal draft --agenda ${item.number} --rule 60%\``, { tone: 'info' }),
      `agenda:${item.id}`,
    ),
  );
}
