/**
 * What the federation protocol costs per event, before any Matrix traffic:
 * building and signing a decision, verifying it, and taking it through the
 * receiver (verify → inbox → apply → settle) on the in-memory store and on
 * PostgreSQL. Run: `npm run bench:federation-protocol` (PostgreSQL on
 * 127.0.0.1:5432, a database of its own, dropped afterwards).
 * Figures and ratios are from this one run.
 */
import { buildEnvelope, ed25519Signer, ed25519Verifier, generateDeploymentKey, unwrapEnvelope, verifyEvent, type RawEvent } from '../src/core/federation-protocol/index.js';
import { PrismaStore } from '../src/adapters/persistence/prisma-store.js';
import { decisionBody, deployment, joinBody, signed, T0 } from '../test/support/federation-peers.js';
import { parentReceiver } from '../test/support/federation-receiver.js';
import { testDatabase } from '../test/support/test-database.js';

const N = 2_000;
const per = (n: number, ms: number) => Math.round((n / ms) * 1000);

function time(fn: () => void, n: number): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return performance.now() - t;
}

async function receiverRun(label: string, store?: PrismaStore): Promise<{ label: string; perSecond: number; msPerEvent: number }> {
  const w = parentReceiver({}, store?.links);
  const b = deployment(`dep_bench${String(Date.now() % 100000)}`);
  const room = `!bench${String(Math.random()).slice(2, 8)}:b.example`;
  w.invite('CODE');
  await w.receiver.receive(signed(b, room, 'org.plenary.join', joinBody(b, 'asm_1', 'CODE')), T0);
  const events: RawEvent[] = Array.from({ length: N }, (_, i) => signed(b, room, 'org.plenary.seat', { assembly: `${b.id}/asm_1`, parent_assembly: 'dep_a/asm_1', seat: 1, delegate: '@ana:b.example', motion: i, term_ends: null, chain_head: { seq: i, hash: 'e'.repeat(64) } }));
  const t = performance.now();
  for (const e of events) await w.receiver.receive(e, T0);
  const ms = performance.now() - t;
  if (w.others.length !== N) throw new Error(`${label}: applied ${String(w.others.length)} of ${String(N)}`);
  return { label, perSecond: per(N, ms), msPerEvent: ms / N };
}

async function main(): Promise<void> {
  const signer = ed25519Signer(generateDeploymentKey('bench'));
  const body = decisionBody('dep_b/asm_42');
  const build = (i: number) => unwrapEnvelope(buildEnvelope({ type: 'org.plenary.decision', roomId: '!r:b.example', deployment: 'dep_b', idempotencyKey: `k/${String(i)}`, seq: i + 1, sentAt: T0, body }, signer));
  for (let i = 0; i < 200; i++) build(i);
  let i = 0;
  const signMs = time(() => build(i++), N);
  const env = build(0);
  const raw: RawEvent = { type: 'org.plenary.decision', sender: '@b:b.example', roomId: '!r:b.example', content: env };
  const ring = { key: () => ({ deployment: 'dep_b', keyId: signer.keyId, publicKey: signer.publicKey, botUserId: '@b:b.example', retiredAt: null }) };
  const verifyMs = time(() => {
    if (verifyEvent(raw, ring, ed25519Verifier, T0).kind !== 'verified') throw new Error('did not verify');
  }, N);

  const fake = await receiverRun('receiver, in-memory store');
  const db = await testDatabase();
  let pg;
  try {
    pg = await receiverRun('receiver, PostgreSQL', new PrismaStore(db.prisma));
  } finally {
    await db.close();
  }
  const verifyEach = verifyMs / N;
  console.log(`federation protocol, ${String(N)} events each (one process, this machine):`);
  console.log(`  build + sign a decision:   ${String(per(N, signMs))}/s  (${(signMs / N).toFixed(3)} ms each)`);
  console.log(`  verify a decision:         ${String(per(N, verifyMs))}/s  (${verifyEach.toFixed(3)} ms each)`);
  for (const r of [fake, pg]) console.log(`  ${r.label.padEnd(26)} ${String(r.perSecond)}/s  (${r.msPerEvent.toFixed(3)} ms each; verification ${((verifyEach / r.msPerEvent) * 100).toFixed(0)}% of it)`);
  console.log(`  PostgreSQL / in-memory:    ${(pg.msPerEvent / fake.msPerEvent).toFixed(1)}x per event`);
}

await main();
