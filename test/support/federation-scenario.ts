import { federationModule } from '../../src/core/federation/index.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { Scenario } from '../../src/core/testing/scenario.js';

/** A scenario with the federation module, as the composition roots wire it. */
export function federationScenario(store?: Store): Scenario {
  const m = federationModule();
  return new Scenario({ extraCommands: m.commands, extraKinds: m.kinds, observers: m.observers, ...(store ? { store } : {}) });
}

/** Runs a command that must succeed; its text, or the refusal as an exception. */
export async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}
