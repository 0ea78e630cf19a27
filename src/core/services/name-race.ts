import { lookAlike } from '../shared/names.js';
import type { Result } from '../shared/result.js';
import type { CoreDeps } from './deps.js';
import { errT } from '../i18n/localized.js';

/**
 * Runs a transaction that claims a name. Two set-ups racing for look-alike
 * names both pass the "is it free?" read; the database's unique index on the
 * name key lets one commit and makes the other throw. That loser is told the
 * name is taken, as if it had come second, instead of seeing an internal
 * error. Any other failure is thrown on.
 */
export async function claimingName<T>(deps: CoreDeps, wanted: string, holder: () => Promise<string | null | undefined>, work: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work;
  } catch (e) {
    const taken = await holder().catch(() => null);
    if (!taken) throw e;
    deps.log.info({ err: e, wanted }, 'lost a race for a name');
    return errT('conflict', 'assembly.refused.nameRace', { name: taken, lookAlike: lookAlike(taken, wanted) });
  }
}
