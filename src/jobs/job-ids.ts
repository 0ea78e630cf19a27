import { z } from 'zod';

/** Queue job ids allow no ':'; outbox dedupe keys may contain anything: enqueueing one row twice still adds one job. */
export const jobIdFor = (dedupeKey: string): string => dedupeKey.replace(/[^A-Za-z0-9._-]/g, '_');

/** The outbox row a job finishes: every job made from an outbox row carries its dedupe key. */
export const dedupeKeySchema = z.string().min(1).max(500);
