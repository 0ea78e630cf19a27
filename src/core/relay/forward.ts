import type { Assembly } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreTx } from '../ports/store.port.js';
import type { EffectContext } from '../services/motion-kinds.js';
import { asAssemblyId, asFederationId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { errT, roomSpeech } from '../i18n/index.js';

/** A `forward` motion to a federation: the assembly must be a member of it; its parent there receives the text. */
export async function prepareFederationForward(tx: StoreTx, assembly: Assembly, federationName: string): Promise<Result<Readonly<Record<string, unknown>>>> {
  const federation = await tx.federationByName(federationName);
  if (!federation) return errT('not-found', 'fed.noFederation', { name: federationName });
  const edge = await tx.activeEdge(federation.id, assembly.id);
  if (!edge) return errT('bad-input', 'relay.forward.notMember', { assembly: assembly.name, federation: federation.name });
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
  // The parent's rooms hear it in the parent's language.
  const t = roomSpeech(parent.policy);
  const told = publicMessage(t.t('relay.forward.received.title', { parent: parent.name, assembly: assembly.name, item: item.number }), t.t('relay.forward.received.body', { title: motion.title, body: motion.body, item: item.number }), { tone: 'info' });
  afterCommit(() => deps.announcer.announce(parentId, told, `agenda:${item.id}`));
}
