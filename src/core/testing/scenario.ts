import { randomUUID } from 'node:crypto';
import type { CommandReply, CommandSpec } from '../commands/command.js';
import { dispatch, readerSpeech } from '../commands/dispatch.js';
import { commandTable } from '../commands/table.js';
import { RoomAdminLedger } from '../commands/room-admin-ledger.js';
import { parseCommandLine } from '../commands/text-grammar.js';
import type { OutMessage } from '../messages/message.js';
import type { Platform } from '../model/entities.js';
import { FakeClock } from '../ports/clock.port.js';
import { silentLogger } from '../ports/logger.port.js';
import type { Store } from '../ports/store.port.js';
import type { WebLinks } from '../ports/web-links.port.js';
import type { Telemetry } from '../ports/telemetry.port.js';
import type { DeploymentIdentity } from '../ports/federation-link.port.js';
import { createCore } from '../services/create-core.js';
import type { CoreDeps } from '../services/deps.js';
import type { MotionKindHandler, MotionObserver } from '../services/motion-kinds.js';
import { FakeChat } from './fake-chat.js';
import { FakeStore } from './fake-store.js';

export interface ScenarioOptions {
  readonly store?: Store;
  readonly platform?: Platform;
  readonly extraCommands?: readonly CommandSpec[];
  readonly extraKinds?: readonly MotionKindHandler[];
  readonly observers?: readonly MotionObserver[];
  readonly web?: WebLinks;
  readonly telemetry?: Telemetry;
  readonly deployment?: DeploymentIdentity;
}

/**
 * Drives whole flows through the command table exactly as a platform would:
 * text lines are parsed by the shared grammar and dispatched as a user in a room.
 */
export class Scenario {
  readonly clock = new FakeClock();
  readonly chat: FakeChat;
  readonly deps: CoreDeps;
  readonly table: readonly CommandSpec[];
  /** Who administers each room (the first to run a command there, unless set): the platform's `roomAdmin`. */
  readonly admins = new RoomAdminLedger();
  private codes = 0;
  /** The locale a platform reports for a user (as Discord interactions do): `s.platformLocales.set('ana', 'es-ES')`. */
  readonly platformLocales = new Map<string, string>();

  constructor(o: ScenarioOptions = {}) {
    this.chat = new FakeChat(o.platform ?? 'console');
    this.table = commandTable(o.extraCommands);
    this.deps = createCore({
      store: o.store ?? new FakeStore(),
      clock: this.clock,
      log: silentLogger,
      senders: new Map([[this.chat.platform, this.chat]]),
      randomCode: () => `CODE${String(++this.codes).padStart(4, '0')}`,
      ...(o.extraKinds ? { extraKinds: o.extraKinds } : {}),
      ...(o.observers ? { observers: o.observers } : {}),
      ...(o.web ? { web: o.web } : {}),
      ...(o.telemetry ? { telemetry: o.telemetry } : {}),
      ...(o.deployment ? { deployment: o.deployment } : {}),
    });
  }

  /** Runs one command line as `user` in `room`; returns the replies. Parse errors come back as an error reply. */
  async run(user: string, room: string, line: string, platform: Platform = this.chat.platform): Promise<Reply> {
    const parsed = parseCommandLine(this.table, line.replace(/^!/, ''));
    const actor = { platform, externalId: user, displayName: user };
    const locale = this.platformLocales.get(user);
    const ctx = { deps: this.deps, actor, room: { platform, roomId: room }, requestId: randomUUID(), roomAdmin: this.admins.touch(`${platform}:${room}`, user), ...(locale === undefined ? {} : { platformLocale: locale }) };
    const out: CommandReply = parsed.ok ? await dispatch(ctx, parsed.value.spec, parsed.value.args) : await this.unreadable(ctx, line);
    return new Reply(out.replies);
  }

  /** A line the grammar cannot read, answered as the platforms do: in the member's words. */
  private async unreadable(ctx: Parameters<typeof readerSpeech>[0], line: string): Promise<CommandReply> {
    const t = await readerSpeech(ctx);
    const parsed = parseCommandLine(this.table, line.replace(/^!/, ''), t);
    return { replies: [{ title: t.t('grammar.title'), body: parsed.ok ? '' : parsed.error.message, visibility: 'personal', tone: 'error' }] };
  }
}

export class Reply {
  constructor(readonly messages: readonly OutMessage[]) {}
  get first(): OutMessage {
    const m = this.messages[0];
    if (!m) throw new Error('no reply');
    return m;
  }
  get ok(): boolean {
    return this.messages.every((m) => m.tone !== 'error');
  }
  get text(): string {
    return this.messages.map((m) => [m.title, m.body ?? '', ...(m.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n')).join('\n---\n');
  }
}

export interface AssemblySpec {
  readonly name: string;
  readonly room?: string;
  /** The first is the facilitator who sets it up; the rest join. */
  readonly members: readonly string[];
  readonly policy?: Readonly<Record<string, string>>;
}

/** One call: an assembly bound to a room with members who joined, ready for motions. */
export async function describeAssembly(spec: AssemblySpec, o: ScenarioOptions = {}): Promise<{ s: Scenario; room: string }> {
  const s = new Scenario(o);
  const room = spec.room ?? `#${spec.name.toLowerCase().replace(/\W+/g, '-')}`;
  const [facilitator, ...rest] = spec.members;
  if (!facilitator) throw new Error('an assembly needs at least one member');
  await expectOk(s.run(facilitator, room, `assembly setup "${spec.name}"`));
  for (const [k, v] of Object.entries(spec.policy ?? {})) await expectOk(s.run(facilitator, room, `assembly policy ${k} "${v}"`));
  for (const m of rest) await expectOk(s.run(m, room, 'join --accept-values'));
  return { s, room };
}

async function expectOk(p: Promise<Reply>): Promise<void> {
  const r = await p;
  if (!r.ok) throw new Error(`scenario setup failed: ${r.text}`);
}
