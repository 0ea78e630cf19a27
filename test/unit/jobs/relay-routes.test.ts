import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../src/core/model/federation.js';
import { leaveRows, unofferedRows } from '../../../src/core/relay/outbox.js';
import { asAssemblyId, asProposalId } from '../../../src/core/shared/ids.js';
import { relayJobFor } from '../../../src/jobs/relay.routes.js';
import { recallCheckRow } from '../../../src/core/federation/remote/index.js';

const item = (row: { kind: string; dedupeKey: string; payload: Readonly<Record<string, unknown>> }): OutboxItem => ({ id: '1', ...row, status: 'pending', attempts: 0, availableAt: new Date(0), lastError: null });

describe('GIVEN the outbox rows of a leaving branch and of an unoffered branch', () => {
  it('WHEN routed THEN each becomes its job, with a payload its schema accepts, its dedupe key, and a queue-safe job id', () => {
    const p = asProposalId(randomUUID());
    const parents = Array.from({ length: 51 }, () => asAssemblyId(randomUUID()));
    const rows = [
      ...leaveRows(p, 3, 'Mid', parents, null),
      ...leaveRows(p, 3, 'Mid', [parents[0] ?? ''], parents[1] ?? null),
      ...unofferedRows(p, 2, randomUUID(), parents),
      ...unofferedRows(p, 2, randomUUID(), parents.slice(0, 1), { parentAssemblyId: parents[0] ?? asAssemblyId('x'), assemblyId: parents[1] ?? asAssemblyId('x') }),
    ];
    // 51 parents are two jobs of at most 50.
    expect(rows.map((r) => r.kind)).toEqual(['relay.leave', 'relay.leave', 'relay.leave', 'relay.unoffered', 'relay.unoffered', 'relay.unoffered']);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
    for (const row of rows) {
      const job = relayJobFor(item(row), 0);
      expect(job?.definition.name).toBe(row.kind);
      const parsed = job?.definition.payload.safeParse(job.payload);
      expect(parsed?.success, JSON.stringify(parsed?.error?.issues)).toBe(true);
      expect(job?.payload).toMatchObject({ dedupeKey: row.dedupeKey });
      expect(job?.options.jobId).toMatch(/^[A-Za-z0-9._-]+$/);
    }
  });
});

describe('GIVEN the delayed check of a recall sent to a remote parent', () => {
  it('WHEN routed THEN it becomes a federation.recall-check job delayed to its time, with a queue-safe id for a key with a Matrix account in it', () => {
    const due = new Date(10_000_000);
    const row = recallCheckRow(`${randomUUID()}|3|@h1:a.example`, due);
    expect(row.availableAt).toEqual(due);
    const job = relayJobFor(item(row), due.getTime() - 60_000);
    expect(job?.definition.name).toBe('federation.recall-check');
    expect(job?.definition.payload.safeParse(job.payload).success).toBe(true);
    expect(job?.payload).toMatchObject({ key: row.payload.key, dedupeKey: row.dedupeKey });
    expect(job?.options).toMatchObject({ delayMs: 60_000 });
    expect(job?.options.jobId).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
