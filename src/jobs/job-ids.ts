/** Queue job ids allow no ':'; outbox dedupe keys may contain anything: enqueueing one row twice still adds one job. */
export const jobIdFor = (dedupeKey: string): string => dedupeKey.replace(/[^A-Za-z0-9._-]/g, '_');
