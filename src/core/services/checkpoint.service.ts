import { publicMessage, type OutMessage } from '../messages/message.js';
import { checkpointDueAt } from '../model/policy.js';
import type { ChainHead } from '../events/record-check.js';
import type { StoreTx } from '../ports/store.port.js';
import { sendRows } from '../relay/outbox.js';
import type { AssemblyId } from '../shared/ids.js';
import type { CoreDeps } from './deps.js';
import { roomSpeech } from '../i18n/audience.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';

/** Assemblies taken per due query; each is then decided in its own short transaction. */
export const CHECKPOINT_PAGE = 200;
/** Pages per sweep: a backlog (the first sweep after an upgrade) is worked off over several slots, not in one long run. */
export const CHECKPOINT_PAGES_PER_SWEEP = 20;

/** The checkpoint as posted, periodic or on demand: the head rides in `chainHead`, which every renderer shows. */
export function checkpointMessage(assemblyName: string, head: ChainHead, t: Speech = ENGLISH): OutMessage {
  return publicMessage(t.t('checkpoint.title', { assembly: assemblyName }), t.t('checkpoint.body'), { chainHead: { assembly: assemblyName, seq: head.seq, hash: head.hash } });
}

/**
 * Records that `head` was posted now, unless a later head already was (two
 * posters never move the state backwards). Take the assembly's lock first.
 */
export async function markCheckpointPosted(tx: StoreTx, assemblyId: AssemblyId, hours: number, head: ChainHead, now: Date): Promise<void> {
  const last = await tx.checkpointOf(assemblyId);
  if (last && last.seq >= head.seq) return;
  await tx.markCheckpoint(assemblyId, { seq: head.seq, at: now, dueAt: checkpointDueAt(hours, now) });
}

/**
 * One assembly's periodic checkpoint, decided under its lock: posted (as
 * outbox rows for the paced platform lanes, in this same transaction) only
 * when it is still due and its chain still moved past the last posted head.
 * A second sweep that picked the same assembly waits on the lock and then
 * finds nothing to do; the rows' keys name the head, so even a replay could
 * not post it twice.
 */
async function checkpointOne(deps: CoreDeps, assemblyId: AssemblyId, now: Date): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const assembly = await tx.lockAssembly(assemblyId);
    if (!assembly) return false;
    const [state, head] = await Promise.all([tx.checkpointOf(assemblyId), tx.chainHead(assemblyId)]);
    if (!state?.dueAt || state.dueAt > now || !head || head.seq <= state.seq) return false;
    const bindings = await tx.bindingsOf(assemblyId);
    const key = `checkpoint.${assemblyId}.${head.seq}`;
    await tx.relay.enqueueMany(sendRows([{ bindings, message: checkpointMessage(assembly.name, head, roomSpeech(assembly.policy)), key }], key));
    // Marked even without a bound room: otherwise the assembly would stay due and be picked again every page.
    await tx.markCheckpoint(assemblyId, { seq: head.seq, at: now, dueAt: checkpointDueAt(assembly.policy.checkpointHours, now) });
    return bindings.length > 0;
  });
}

/**
 * The sweep's periodic checkpoints: every assembly whose chain moved since its
 * last posted head and whose last one is `checkpointHours` old gets the
 * current head posted in each bound room. Returns how many were posted.
 */
export async function postDueCheckpoints(deps: CoreDeps, o: { readonly page?: number; readonly maxPages?: number } = {}): Promise<number> {
  const page = o.page ?? CHECKPOINT_PAGE;
  const now = deps.clock.now();
  let posted = 0;
  for (let p = 0; p < (o.maxPages ?? CHECKPOINT_PAGES_PER_SWEEP); p++) {
    const due = await deps.store.read.dueCheckpoints(now, page);
    for (const id of due) {
      try {
        if (await checkpointOne(deps, id, now)) posted++;
      } catch (e) {
        // One assembly's failure must not hold back the others; it stays due for the next slot.
        deps.log.warn({ err: e, assemblyId: id }, 'could not post a record checkpoint; will retry next sweep');
      }
    }
    // Every assembly taken was marked (or is no longer due), so the next page holds new ones.
    if (due.length < page) break;
  }
  return posted;
}
