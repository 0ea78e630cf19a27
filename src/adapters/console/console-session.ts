import type { CommandSpec } from '../../core/commands/command.js';
import { dispatch, readerSpeech } from '../../core/commands/dispatch.js';
import { RoomAdminLedger } from '../../core/commands/room-admin-ledger.js';
import { parseCommandLine } from '../../core/commands/text-grammar.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { prefix } from './console-sender.js';
import { renderText } from './render-text.js';
import type { Speech } from '../../core/i18n/index.js';

export interface LineOutcome {
  /** false when the line could not be parsed (script mode exits non-zero on it). */
  readonly parsed: boolean;
  readonly quit?: boolean;
  /** Set when Plenary refused the command (an error reply to its caller): its title and first line, for `--strict` scripts. */
  readonly refused?: string;
}

/**
 * One console user session: the same `!` grammar the Matrix bot parses, plus
 * `/as <user>` and `/in <room>` to switch who acts and where. Users and rooms
 * are console-platform accounts and rooms, created on first use.
 */
export class ConsoleSession {
  user = 'alice';
  room = 'town-square';
  private n = 0;
  /** The console's stand-in for platform authority: the first user to act in a room administers it; `/admin on|off` changes that. */
  private readonly admins = new RoomAdminLedger();
  private lastCode: string | undefined;

  constructor(
    private readonly deps: CoreDeps,
    private readonly table: readonly CommandSpec[],
    private readonly out: { write(s: string): unknown },
    /** Runs the background work a command caused (relay steps, platform sends) before the next line, so output follows input. */
    private readonly settle: () => Promise<void> = () => Promise.resolve(),
    /** Keeps a file a reply carries (exports, BLT, CSV) and answers where; without it the console only names the file. */
    private readonly saveAttachment?: (filename: string, content: string) => Promise<string>,
  ) {}

  get prompt(): string {
    return `${this.user}@${this.room}> `;
  }

  async line(raw: string): Promise<LineOutcome> {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return { parsed: true };
    const meta = /^\/(as|in|admin|quit|exit|help)\b\s*(.*)$/.exec(line);
    if (meta) return this.metaCommand(meta[1] ?? '', (meta[2] ?? '').trim(), await readerSpeech({ deps: this.deps, actor: { platform: 'console', externalId: this.user, displayName: this.user }, room: { platform: 'console', roomId: this.room } }));
    // Scripts cannot know a random code in advance: $CODE is the last one the console showed.
    const text = line.replace(/^!/, '').replace(/\$CODE\b/g, this.lastCode ?? '$CODE');
    const parsed = parseCommandLine(this.table, text);
    const actor = { platform: 'console' as const, externalId: this.user, displayName: this.user };
    if (!parsed.ok) {
      // In the member's words: their language, else the room's assembly's.
      const again = parseCommandLine(this.table, text, await readerSpeech({ deps: this.deps, actor, room: { platform: 'console', roomId: this.room } }));
      this.print(`✖ ${again.ok ? parsed.error.message : again.error.message}`);
      return { parsed: false };
    }
    const requestId = `console-${String(++this.n)}`;
    const roomAdmin = this.admins.touch(this.room, this.user);
    const reply = await dispatch({ deps: this.deps, actor, room: { platform: 'console', roomId: this.room }, requestId, roomAdmin }, parsed.value.spec, parsed.value.args);
    for (const m of reply.replies) {
      const room = m.visibility === 'personal' ? `${this.room} → ${this.user}` : this.room;
      this.print(renderText(m), room);
      if (m.attachment && this.saveAttachment) await this.save(m.attachment, room);
    }
    await this.settle();
    // Every refusal reaches its caller as a personal error reply (dispatch and handlers alike).
    const refusal = reply.replies.find((m) => m.visibility === 'personal' && m.tone === 'error');
    return refusal ? { parsed: true, refused: [refusal.title, refusal.body?.split('\n')[0]].filter(Boolean).join(': ') } : { parsed: true };
  }

  /** `/as`, `/in`, `/admin`, `/help`, `/quit`: their hints in the words of whoever types them (their language, else the room's assembly's). */
  private metaCommand(cmd: string, arg: string, t: Speech): LineOutcome {
    if (cmd === 'quit' || cmd === 'exit') return { parsed: true, quit: true };
    if (cmd === 'help') {
      this.print(t.t('console.help'));
      return { parsed: true };
    }
    if (cmd === 'admin') {
      if (arg !== 'on' && arg !== 'off') {
        this.print(`✖ ${t.t('console.admin.how')}`);
        return { parsed: false };
      }
      this.admins.set(this.room, this.user, arg === 'on');
      this.print(t.t('console.admin.done', { user: this.user, room: this.room, on: arg === 'on' ? 'yes' : 'no' }));
      return { parsed: true };
    }
    if (!/^[\w.@:-]{1,64}$/.test(arg)) {
      this.print(`✖ ${t.t('console.badName', { cmd })}`);
      return { parsed: false };
    }
    if (cmd === 'as') this.user = arg;
    else this.room = arg;
    this.print(t.t('console.now', { user: this.user, room: this.room }));
    return { parsed: true };
  }

  private async save(attachment: { readonly filename: string; readonly content: string }, room: string): Promise<void> {
    try {
      const path = await this.saveAttachment?.(attachment.filename, attachment.content);
      if (path !== undefined) this.print(`  saved as ${path}`, room);
    } catch (e) {
      this.print(`✖ could not save ${attachment.filename}: ${e instanceof Error ? e.message : String(e)}`, room);
    }
  }

  private print(text: string, room = this.room): void {
    const code = /Code: (\S+)/.exec(text);
    if (code?.[1]) this.lastCode = code[1];
    this.out.write(prefix(room, text) + '\n');
  }
}
