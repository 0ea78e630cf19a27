import { roomSpeech, storedText } from '../core/i18n/index.js';
import type { RoomAccess } from '../core/ports/room-access.port.js';
import type { Store } from '../core/ports/store.port.js';
import { asAssemblyId, asPersonId } from '../core/shared/ids.js';
import type { Platform } from '../core/model/entities.js';
import type { Logger } from '../core/ports/logger.port.js';
import { accessJob } from './access.job.js';
import { handleJob } from './job-handler.js';

/**
 * Applies one access change in every bound room whose platform has a bot and
 * where the person has an account. A failure throws, so the queue retries it
 * with backoff; the outbox row records the last error so facilitators see it
 * (`access status`) until it succeeds.
 */
export function accessHandler(store: Store, access: ReadonlyMap<Platform, RoomAccess>, log: Logger) {
  return handleJob(accessJob, async (job) => {
    const { action, assemblyId, personId, dedupeKey } = job.payload;
    const [bindings, accounts, assembly] = await Promise.all([store.read.bindingsOf(asAssemblyId(assemblyId)), store.read.accountsOf(asPersonId(personId)), store.read.assembly(asAssemblyId(assemblyId))]);
    // The platform shows the reason in the assembly's rooms: in their language (older jobs carry only the English).
    const reason = assembly ? storedText(roomSpeech(assembly.policy), job.payload.reason, job.payload.message) : job.payload.reason;
    const problems: string[] = [];
    for (const b of bindings) {
      const port = access.get(b.platform);
      const account = accounts.find((a) => a.platform === b.platform);
      if (!port || !account) continue;
      const r = action === 'grant' ? await port.grant(b, account.externalId, reason) : action === 'revoke' ? await port.revoke(b, account.externalId, reason) : await port.remove(b, account.externalId, reason);
      if (!r.ok) problems.push(`${b.platform} ${b.roomId}: ${r.reason}`);
    }
    if (problems.length > 0) {
      await store.finishOutbox(dedupeKey, { ok: false, error: problems.join('; ') });
      log.warn({ dedupeKey, attempt: job.attempt, problems }, 'access change failed; will retry');
      throw new Error(`access ${action} failed: ${problems.join('; ')}`);
    }
    await store.finishOutbox(dedupeKey, { ok: true });
  });
}
