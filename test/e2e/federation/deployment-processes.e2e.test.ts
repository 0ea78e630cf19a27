import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentWorld, type Deployment } from '../../support/deployment-processes.js';

/**
 * Issue 19 end to end: two Plenary deployments (two processes, two databases,
 * one bot account on each of two federating homeservers). Deployment B hosts
 * the federation's assembly of delegates and a local assembly; deployment A
 * hosts a local assembly that joins B's federation by invitation.
 */
const A_URL = process.env.PLENARY_E2E_FED_A_URL ?? 'http://127.0.0.1:18308';
const B_URL = process.env.PLENARY_E2E_FED_B_URL ?? 'http://127.0.0.1:18309';
const SECRET = process.env.PLENARY_E2E_FED_SECRET ?? 'test-shared-secret';

async function unavailable(): Promise<string | null> {
  for (const url of [A_URL, B_URL]) {
    try {
      const res = await fetch(`${url}/_matrix/client/versions`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) return `${url} answered ${String(res.status)}`;
    } catch {
      return `no homeserver answers at ${url}`;
    }
  }
  return null;
}
const reason = await unavailable();

describe.skipIf(reason !== null)(`GIVEN two deployments on two federating homeservers${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let world: DeploymentWorld;
  let a: Deployment;
  let b: Deployment;
  beforeAll(async () => {
    world = await DeploymentWorld.create(SECRET);
    [a, b] = await Promise.all([world.start('a', A_URL), world.start('b', B_URL)]);
  }, 180_000);
  afterAll(async () => {
    await world.close();
  });

  it('WHEN each sets up its own assemblies THEN each answers only in its own rooms, from its own database', { timeout: 180_000 }, async () => {
    const bea = await world.person(b, 'bea');
    const bo = await world.person(b, 'bo');
    const ada = await world.person(a, 'ada');
    const delegatesRoom = await world.room(b, bea);
    expect(await world.say(b, bea, delegatesRoom, '!federation create "Valley Transport" --purpose "Shared buses"')).toContain('Valley Transport');
    const hillside = await world.room(b, bo);
    expect(await world.say(b, bo, hillside, '!assembly setup Hillside')).toContain('Hillside');
    const riverside = await world.room(a, ada);
    expect(await world.say(a, ada, riverside, '!assembly setup Riverside')).toContain('Riverside');
    // A's database knows nothing of B's federation: without the cross-deployment link it is another world.
    expect(await world.say(a, ada, riverside, '!federation show "Valley Transport"')).toMatch(/no federation|not found|No federation/i);
  });
});
