import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { loadConfig } from '../../src/bots/config.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditExport, runAuditVerify, runAuditVerifyFile } from '../../src/bots/cli/audit.js';
import { hashEvent } from '../../src/core/events/hash-chain.js';
import { formatHead } from '../../src/core/events/witness.js';
import { auditAssembly } from '../../src/core/services/audit.service.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Defect 4 of issue 12: each forgery an operator (or anyone with the
 * database) can make. One assembly per case, so the cases do not see each
 * other's damage; `plenary audit verify <name>` must exit non-zero for each.
 */

let db: TestDatabase;
let s: Scenario;
let rooms = 0;

const url = (): string => {
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${db.name}`;
  return u.toString();
};

function config() {
  const c = loadConfig({ DATABASE_URL: url(), LOG_LEVEL: 'silent' });
  if (!c.ok) throw new Error(c.problems.join('; '));
  return c.config;
}

async function verifyCli(name: string, witnessFile?: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runAuditVerify(config(), silentLogger, { write: (x: string) => (out += x) }, name, witnessFile);
  return { code, out };
}

async function verifyFile(file: string, witnessFile?: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runAuditVerifyFile(file, { write: (x: string) => (out += x) }, witnessFile);
  return { code, out };
}

const dir = mkdtempSync(join(tmpdir(), 'plenary-audit-'));

/** What members saw: the head lines of every announcement posted for `name`, as they would paste them. */
function witnessFileOf(name: string): string {
  const lines = s.chat.delivered.flatMap((d) => (d.message.chainHead?.assembly === name ? [formatHead(name, d.message.chainHead)] : []));
  const file = join(dir, `${name}-witnessed.txt`);
  writeFileSync(file, `pasted from chat\n${lines.join('\n')}\n`);
  return file;
}

const sql = async (text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => db.sql.withSession((q) => q.query(text, params));

/**
 * An assembly of three: motion #1 open ballot (yes, yes, no → passed), motion
 * #2 secret (yes, yes, no → passed), motion #3 still open with one ballot.
 */
async function assemblyWithRecord(name: string): Promise<{ id: string; motion: (n: number) => Promise<string> }> {
  const room = `#r${++rooms}`;
  await s.run('ana', room, `assembly setup ${name}`);
  for (const who of ['ben', 'cat']) await s.run(`${who}-${name}`, room, 'join');
  const voters = ['ana', `ben-${name}`, `cat-${name}`];
  await s.run('ana', room, 'motion propose "Open matter"');
  for (const [i, who] of voters.entries()) await s.run(who, room, `vote 1 ${i < 2 ? 'yes' : 'no'}`);
  await s.run('ana', room, 'motion propose "Hidden matter" --secret');
  for (const [i, who] of voters.entries()) await s.run(who, room, `vote 2 ${i < 2 ? 'yes' : 'no'}`);
  await s.run('ana', room, 'motion propose "Still open"');
  await s.run('ana', room, 'vote 3 yes');
  const [row] = await sql('SELECT id FROM assembly WHERE name = $1', [name]);
  const id = String(row?.id);
  return {
    id,
    motion: async (n) => String((await sql('SELECT id FROM motion WHERE assembly_id = $1::uuid AND number = $2', [id, n]))[0]?.id),
  };
}

beforeAll(async () => {
  db = await testDatabase();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
});
afterAll(async () => {
  await db.close();
});

describe('GIVEN a real record on PostgreSQL', () => {
  it('WHEN nobody touches it THEN plenary audit verify passes', async () => {
    await assemblyWithRecord('Untouched');
    const r = await verifyCli('Untouched');
    expect(r.out).toContain('✔ Untouched');
    expect(r.code).toBe(0);
  });

  it('WHEN the last event is deleted THEN verify reports the chain is shorter than its head', async () => {
    const a = await assemblyWithRecord('LastGone');
    await sql('DELETE FROM event WHERE assembly_id = $1::uuid AND seq = (SELECT max(seq) FROM event WHERE assembly_id = $1::uuid)', [a.id]);
    const r = await verifyCli('LastGone');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/head/i);
  });

  it('WHEN the last 3 events are deleted THEN verify fails', async () => {
    const a = await assemblyWithRecord('ThreeGone');
    await sql('DELETE FROM event WHERE assembly_id = $1::uuid AND seq > (SELECT max(seq) - 3 FROM event WHERE assembly_id = $1::uuid)', [a.id]);
    const r = await verifyCli('ThreeGone');
    expect(r.code).toBe(1);
  });

  it('WHEN the last 3 events are deleted and the stored head rewound to match THEN verify still fails (a motion lost its events)', async () => {
    const a = await assemblyWithRecord('Rewound');
    await sql('DELETE FROM event WHERE assembly_id = $1::uuid AND seq > (SELECT max(seq) - 3 FROM event WHERE assembly_id = $1::uuid)', [a.id]);
    await sql('UPDATE assembly SET event_seq = (SELECT max(seq) FROM event WHERE assembly_id = $1::uuid), head_hash = (SELECT hash FROM event WHERE assembly_id = $1::uuid ORDER BY seq DESC LIMIT 1) WHERE id = $1::uuid', [a.id]);
    const r = await verifyCli('Rewound');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #3');
  });

  it('WHEN every event is deleted THEN verify refuses the empty chain', async () => {
    const a = await assemblyWithRecord('Emptied');
    await sql('DELETE FROM event WHERE assembly_id = $1::uuid', [a.id]);
    await sql(`UPDATE assembly SET event_seq = 0, head_hash = repeat('0', 64) WHERE id = $1::uuid`, [a.id]);
    const r = await verifyCli('Emptied');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #1');
  });

  it('WHEN a public ballot is flipped and the result and status rewritten to match THEN verify fails on that motion', async () => {
    const a = await assemblyWithRecord('Flipped');
    const m1 = await a.motion(1);
    await sql(`UPDATE ballot SET choice = '{"kind":"yes-no-abstain","value":"no"}'::jsonb WHERE motion_id = $1::uuid AND person_id = (SELECT person_id FROM ballot WHERE motion_id = $1::uuid AND choice->>'value' = 'yes' LIMIT 1)`, [m1]);
    await sql(`UPDATE motion SET status = 'failed', result = jsonb_set(jsonb_set(result, '{tally}', '{"yes":1,"no":2,"abstain":0}'::jsonb), '{outcome}', '"failed"'::jsonb) WHERE id = $1::uuid`, [m1]);
    const r = await verifyCli('Flipped');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #1');
  });

  it('WHEN a secret ballot is deleted and the result fixed to match THEN verify fails on that motion', async () => {
    const a = await assemblyWithRecord('Hushed');
    const m2 = await a.motion(2);
    await sql(`DELETE FROM ballot WHERE motion_id = $1::uuid AND choice->>'value' = 'no'`, [m2]);
    await sql(`UPDATE motion SET result = jsonb_set(jsonb_set(result, '{tally}', '{"yes":2,"no":0,"abstain":0}'::jsonb), '{ballots}', '2'::jsonb) WHERE id = $1::uuid`, [m2]);
    const r = await verifyCli('Hushed');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #2');
  });

  it('WHEN a motion row is deleted with its ballots THEN verify names the motion the record introduced', async () => {
    const a = await assemblyWithRecord('Vanished');
    await sql('DELETE FROM motion WHERE id = $1::uuid', [await a.motion(3)]);
    const r = await verifyCli('Vanished');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #3: the record introduces this motion but it is not stored');
  });

  it('WHEN a ballot on a motion still open is flipped THEN verify fails on that motion', async () => {
    const a = await assemblyWithRecord('OpenFlip');
    const m3 = await a.motion(3);
    await sql(`UPDATE ballot SET choice = '{"kind":"yes-no-abstain","value":"no"}'::jsonb WHERE motion_id = $1::uuid`, [m3]);
    const r = await verifyCli('OpenFlip');
    expect(r.code).toBe(1);
    expect(r.out).toContain('motion #3');
  });

  it('WHEN members vote while audit verify runs THEN no honest change is reported as a forgery (the audit re-reads until the head stands still)', async () => {
    const room = `#r${++rooms}`;
    await s.run('ana', room, 'assembly setup Busy');
    const voters = Array.from({ length: 24 }, (_, i) => `v${i}-busy`);
    for (const v of voters) await s.run(v, room, 'join');
    await s.run('ana', room, 'motion propose "Busy matter"');
    const assembly = (await s.deps.store.read.assemblyByName('Busy'))!;
    let voting = true;
    let cast = 0;
    const votes = (async () => {
      for (const [i, v] of voters.entries()) {
        await s.run(v, room, `vote 1 ${i % 3 === 0 ? 'no' : 'yes'}`);
        cast++;
        // Spread the votes out so that audits overlap them however busy the machine is.
        await new Promise((r) => setTimeout(r, 10));
      }
      voting = false;
    })();
    const dirty: string[] = [];
    let rounds = 0;
    let overlapped = 0;
    let unsettled = 0;
    while (voting) {
      const before = cast;
      const audit = await auditAssembly(s.deps.store.read, assembly);
      rounds++;
      if (cast !== before) overlapped++;
      // A run that never saw the head stand still says so instead of accusing anyone.
      if (audit.unsettled) unsettled++;
      else if (audit.chain.length > 0 || audit.mismatches.length > 0) dirty.push(JSON.stringify([audit.chain, audit.mismatches]));
    }
    await votes;
    // The case under test happened: at least one audit ran while ballots were being written.
    expect(overlapped).toBeGreaterThan(0);
    expect(dirty).toEqual([]);
    expect(unsettled).toBeLessThan(rounds);
    const quiet = await auditAssembly(s.deps.store.read, assembly);
    expect([quiet.chain, quiet.mismatches, quiet.unsettled]).toEqual([[], [], undefined]);
  });

  it('WHEN the whole chain is rewritten consistently (re-hashed from the start, head updated) THEN only witnessed heads expose it, at the first differing event', async () => {
    const a = await assemblyWithRecord('Rewritten');
    const witnessed = witnessFileOf('Rewritten');
    expect(readFileSync(witnessed, 'utf8')).toMatch(/Rewritten record #\d+ · [0-9a-f]{12}/);
    // The operator forges event #2 (who joined) and re-hashes every event after it, then moves the head.
    const rows = await sql('SELECT seq, type, actor_id, payload, at, prev_hash, hash FROM event WHERE assembly_id = $1::uuid ORDER BY seq', [a.id]);
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const seq = Number(r.seq);
      const payload = seq === 2 ? { ...(r.payload as Record<string, unknown>), forged: true } : (r.payload as Record<string, unknown>);
      const e = { assemblyId: a.id as never, seq, type: String(r.type), actorId: (r.actor_id ?? null) as never, payload, at: r.at as Date, prevHash: prev };
      const hash = hashEvent(e);
      await sql('UPDATE event SET payload = $3::jsonb, prev_hash = $4, hash = $5 WHERE assembly_id = $1::uuid AND seq = $2', [a.id, seq, JSON.stringify(payload), prev, hash]);
      prev = hash;
    }
    await sql('UPDATE assembly SET head_hash = $2 WHERE id = $1::uuid', [a.id, prev]);
    const blind = await verifyCli('Rewritten');
    expect(blind.code).toBe(0);
    expect(blind.out).toContain('No witnessed heads were given');
    const seen = await verifyCli('Rewritten', witnessed);
    expect(seen.code).toBe(1);
    const first = Number(/witnessed first at event #(\d+)/.exec(seen.out)?.[1]);
    const heads = s.chat.delivered.flatMap((d) => (d.message.chainHead?.assembly === 'Rewritten' ? [d.message.chainHead.seq] : []));
    expect(first).toBe(Math.min(...heads.filter((h) => h >= 2)));
  });

  it('WHEN an export is verified offline THEN it passes, and each way of tampering with the file is reported', async () => {
    await assemblyWithRecord('Offline');
    const file = join(dir, 'offline.jsonl');
    expect(await runAuditExport(config(), silentLogger, 'Offline', file)).toBe(0);
    const ok = await verifyFile(file, witnessFileOf('Offline'));
    expect(ok.out).toContain('all 1 assemblies verify');
    expect(ok.out).toMatch(/witnessed heads: all \d+ agree/);
    expect(ok.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const at = (pred: (l: string) => boolean): number => lines.findIndex(pred);
    const head = at((l) => l.includes('"type":"head"'));
    const publicBallot = at((l) => l.includes('"type":"ballot"') && l.includes('"motion":1') && l.includes('"yes"'));
    const secretBallot = at((l) => l.includes('"type":"ballot"') && l.includes('"motion":2') && l.includes('"no"'));
    const result = at((l) => l.includes('"type":"motion"') && l.includes('"number":1'));
    const tamperings: [string, string[]][] = [
      ['the last event cut', lines.filter((_, i) => i !== head - 1)],
      ['every event cut', lines.filter((l) => !l.includes('"type":"event"'))],
      ['the head line removed', lines.filter((_, i) => i !== head)],
      ['a public ballot flipped', lines.map((l, i) => (i === publicBallot ? l.replace('"yes"', '"no"') : l))],
      ['a secret ballot removed', lines.filter((_, i) => i !== secretBallot)],
      ['a result rewritten', lines.map((l, i) => (i === result ? l.replace('"outcome":"passed"', '"outcome":"failed"').replace('"status":"passed"', '"status":"failed"') : l))],
      ['an event edited', lines.map((l) => (l.includes('"seq":2,') ? l.replace('"type":"event"', '"forged":1,"type":"event"').replace('"payload":{', '"payload":{"forged":1,') : l))],
      ['a motion line removed', lines.filter((l) => !(l.includes('"type":"motion"') && l.includes('"number":3')))],
      ['a line of garbage', [...lines.slice(0, 3), 'not json', ...lines.slice(3)]],
    ];
    for (const [what, tampered] of tamperings) {
      const f = join(dir, 'tampered.jsonl');
      writeFileSync(f, tampered.join('\n') + '\n');
      const r = await verifyFile(f);
      expect(r.code, `${what}:\n${r.out}`).toBe(1);
    }
  });
});
