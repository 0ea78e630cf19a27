import type { CommandSpec } from './commands/command.js';
import { commandTable } from './commands/table.js';
import { federationModule } from './federation/index.js';
import { lawModule } from './laws/index.js';
import { relayModule } from './relay/index.js';
import { createCore, type CoreOptions } from './services/create-core.js';
import type { CoreDeps } from './services/deps.js';

/** The whole of Plenary's domain, as every composition root (Discord, Matrix, console, CLI) serves it. */
export interface Plenary {
  readonly deps: CoreDeps;
  readonly table: readonly CommandSpec[];
}

export function createPlenary(o: CoreOptions): Plenary {
  const federation = federationModule();
  const relay = relayModule();
  const laws = lawModule();
  const deps = createCore({ ...o, extraKinds: [...federation.kinds, ...relay.kinds, ...laws.kinds, ...(o.extraKinds ?? [])], observers: [...federation.observers, ...(o.observers ?? [])] });
  return { deps, table: plenaryCommandTable() };
}

/** The full command table alone (slash-command registration, the Matrix parser before the store is open). */
export function plenaryCommandTable(): readonly CommandSpec[] {
  return commandTable([...federationModule().commands, ...relayModule().commands, ...lawModule().commands]);
}
