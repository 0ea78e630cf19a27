import type { OutMessage } from '../../core/messages/message.js';
import { clip, DISCORD_LIMITS } from './limits.js';
import { renderMessage, type RenderedMessage, type RenderOptions } from './render-message.js';

/**
 * What one message may upload: Discord allows bots 10 MiB per message in a
 * server without boosts (more with boosts, but a message sent to many
 * servers cannot count on that). A little is kept back for the request's own
 * JSON and multipart framing.
 */
export const DISCORD_UPLOAD_LIMIT = 10 * 1024 * 1024;
const FRAMING = 64 * 1024;

/**
 * Cuts `data` into parts of at most `limit` bytes, each ending at a line
 * break where there is one (a JSON-lines export stays one record per line
 * in each part), never inside a UTF-8 character. Joining the parts in order
 * gives `data` back.
 */
export function splitBytes(data: Buffer, limit: number): Buffer[] {
  if (limit < 4) throw new RangeError(`an upload limit of ${limit} bytes cannot hold a character`);
  const parts: Buffer[] = [];
  let start = 0;
  while (data.length - start > limit) {
    let end = data.lastIndexOf(0x0a, start + limit - 1) + 1;
    if (end <= start) {
      // A line longer than the limit: cut before a UTF-8 continuation byte's character.
      end = start + limit;
      while (end > start && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
    }
    parts.push(data.subarray(start, end));
    start = end;
  }
  parts.push(data.subarray(start));
  return parts;
}

/** `audit.jsonl` → `audit.part2of3.jsonl`. */
export function partName(filename: string, n: number, of: number): string {
  const dot = filename.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [filename.slice(0, dot), filename.slice(dot)] : [filename, ''];
  return clip(`${stem}.part${n}of${of}${ext}`, 100);
}

/**
 * An OutMessage as the Discord messages it takes: one, or, when its file is
 * past the upload limit, the message with part 1 and a note on joining the
 * parts, then one message per further part. Nothing is dropped or refused
 * for being large.
 */
export function renderWithParts(m: OutMessage, limit = DISCORD_UPLOAD_LIMIT, o: RenderOptions = {}): RenderedMessage[] {
  const first = renderMessage(m, o);
  const file = first.files[0];
  const room = Math.max(4, limit - FRAMING);
  if (!file || file.data.length <= room) return [first];
  const parts = splitBytes(file.data, room);
  const names = parts.map((_, k) => partName(file.name, k + 1, parts.length));
  const mib = (limit / (1024 * 1024)).toFixed(limit % (1024 * 1024) === 0 ? 0 : 2);
  const note = `${file.name} is ${file.data.length} bytes, more than Discord's ${mib} MiB upload limit, so it comes in ${parts.length} parts. Download all of them and join them in order, e.g. \`cat ${names.join(' ')} > ${file.name}\`.`;
  const [embed] = first.embeds;
  const description = clip([embed?.description, note].filter(Boolean).join('\n\n'), DISCORD_LIMITS.embedDescription);
  const head: RenderedMessage = { ...first, embeds: [{ ...embed, description }], files: [{ name: names[0] ?? file.name, data: parts[0] ?? Buffer.alloc(0) }] };
  const rest = parts.slice(1).map((data, k): RenderedMessage => ({
    embeds: [{ title: clip(`${file.name}: part ${k + 2} of ${parts.length}`, DISCORD_LIMITS.embedTitle), ...(embed?.color !== undefined ? { color: embed.color } : {}) }],
    components: [],
    files: [{ name: names[k + 1] ?? file.name, data }],
    ephemeral: first.ephemeral,
  }));
  return [head, ...rest];
}
