import { randomUUID } from 'node:crypto';
import type { ArgSpec, CommandReply, CommandSpec } from '../../src/core/commands/command.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { federationModule } from '../../src/core/federation/index.js';
import { relayModule } from '../../src/core/relay/index.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { Scenario } from '../../src/core/testing/scenario.js';

/** One argument of one command: where a hostile string goes. */
export interface ArgSlot {
  readonly spec: CommandSpec;
  readonly arg: ArgSpec;
}

/** A harmless value for an argument, so that a command gets past its schema to the store. */
function usual(a: ArgSpec): unknown {
  if (a.name === 'motion') return '1';
  if (a.type === 'user') return 'ben';
  if (a.type === 'integer') return '1';
  if (a.type === 'boolean') return true;
  if (a.type === 'choice') return a.choices?.[0] ?? 'x';
  if (a.type === 'list') return ['Alpha', 'Beta'];
  if (a.name === 'choice') return 'yes';
  return 'Plain words';
}

/**
 * The whole command table (core, federations, relay) over a store, with an
 * assembly "Cleaners" in #clean (ana facilitator, ben, cy) and an open motion
 * #1, and a way to dispatch any command with one argument replaced, as a
 * platform would hand it over (Discord gives typed values without the text
 * grammar in between).
 */
export async function fuzzTarget(store: Store): Promise<{ s: Scenario; slots: readonly ArgSlot[]; send: (slot: ArgSlot, value: unknown) => Promise<CommandReply> }> {
  const f = federationModule();
  const r = relayModule();
  const s = new Scenario({ store, extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers });
  for (const [who, line] of [
    ['ana', 'assembly setup Cleaners'],
    ['ben', 'join'],
    ['cy', 'join'],
    // Thousands of commands from one member in one room: this test is about argument text, not flood limits.
    ['ana', 'assembly policy flood-member-commands 100000'],
    ['ana', 'assembly policy flood-room-commands 100000'],
    ['ana', 'assembly policy flood-member-motions 100000'],
    ['ana', 'assembly policy flood-room-motions 100000'],
    ['ana', 'motion propose "Clean the hall"'],
  ] as const) {
    const reply = await s.run(who, '#clean', line);
    if (!reply.ok) throw new Error(`${line}: ${reply.text}`);
  }
  const slots = s.table.flatMap((spec) => spec.args.map((arg) => ({ spec, arg })));
  const send = (slot: ArgSlot, value: unknown): Promise<CommandReply> => {
    const args: Record<string, unknown> = {};
    for (const a of slot.spec.args) if (a.required) args[a.name] = usual(a);
    args[slot.arg.name] = slot.arg.type === 'list' ? [value] : value;
    return dispatch({ deps: s.deps, actor: { platform: 'console', externalId: 'ana', displayName: 'ana' }, room: { platform: 'console', roomId: '#clean' }, requestId: randomUUID(), roomAdmin: true }, slot.spec, args);
  };
  return { s, slots, send };
}
