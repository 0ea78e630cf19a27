import type { Actor, Person } from '../model/entities.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import { ok, type Result } from '../shared/result.js';
import type { CoreDeps } from './deps.js';
import { errT } from '../i18n/localized.js';

const LINK_CODE_TTL_MS = 15 * 60 * 1000;

/** The person behind a platform account, created on first contact. */
export async function personFor(tx: StoreTx, actor: Actor): Promise<Person> {
  const found = await tx.personByAccount(actor.platform, actor.externalId);
  if (found) return found;
  return tx.createPerson(actor.displayName, actor);
}

/** Read-only lookup for the hot paths: a person who never spoke to the bot has no ballots anyway. */
export async function existingPerson(reads: StoreReads, actor: Actor): Promise<Person | null> {
  return reads.personByAccount(actor.platform, actor.externalId);
}

/** Step 1 of linking: the account you are on now issues a one-time code. */
export async function issueLinkCode(deps: CoreDeps, actor: Actor): Promise<Result<{ code: string; expiresAt: Date }>> {
  return deps.store.transaction(async (tx) => {
    const person = await personFor(tx, actor);
    const code = deps.randomCode();
    const expiresAt = new Date(deps.clock.now().getTime() + LINK_CODE_TTL_MS);
    await tx.saveLinkCode(code, person.id, expiresAt);
    return ok({ code, expiresAt });
  });
}

/**
 * Step 2: the other account redeems the code; from then on both accounts are one
 * person with one vote. If the redeeming account already had memberships they
 * move over; a clash (both accounts voted on the same motion) is refused.
 */
export async function redeemLinkCode(deps: CoreDeps, actor: Actor, code: string): Promise<Result<{ person: Person }>> {
  return deps.store.transaction(async (tx) => {
    const target = await tx.consumeLinkCode(code.trim().toUpperCase(), deps.clock.now());
    if (!target) return errT('not-found', 'link.refused.code');
    const current = await tx.personByAccount(actor.platform, actor.externalId);
    if (current?.id === target) return errT('conflict', 'link.refused.already');
    const accounts = await tx.accountsOf(target);
    if (accounts.some((a) => a.platform === actor.platform && a.externalId !== actor.externalId)) {
      return errT('conflict', 'link.refused.platform', { platform: actor.platform });
    }
    if (current) {
      if (!(await tx.mergePersons(current.id, target))) {
        return errT('conflict', 'link.refused.bothVoted');
      }
    } else {
      await tx.createPerson(actor.displayName, actor);
    }
    await tx.moveAccount(actor.platform, actor.externalId, target);
    const person = await tx.person(target);
    if (!person) return errT('not-found', 'link.refused.gone');
    return ok({ person });
  });
}
