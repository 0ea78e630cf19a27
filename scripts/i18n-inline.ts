/*
 * `npm run i18n:inline [-- --list] [-- --kind reply|refusal|field|help|stored|control]`
 *
 * How far the message catalogue has come: how many messages it holds, how
 * many member-facing texts of src/core (and, apart, of the Discord and Matrix
 * adapters) are still inline (by kind and by
 * file), and with --list each of them, file:line first, to move next.
 */
import { fileURLToPath } from 'node:url';
import { en } from '../src/core/i18n/index.js';
import { adapterInlineTexts, inlineTexts } from './lib/i18n-inline.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const kindAt = args.indexOf('--kind');
const kind = kindAt >= 0 ? args[kindAt + 1] : undefined;
const found = inlineTexts(root).filter((t) => kind === undefined || t.kind === kind);

const count = (key: (t: (typeof found)[number]) => string, list = found): [string, number][] => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
};

console.log(`catalogue: ${Object.keys(en).length} messages (English source; every language has them all)`);
console.log(`inline in src/core: ${found.length} texts`);
for (const [k, n] of count((t) => t.kind)) console.log(`  ${k.padEnd(8)} ${n}`);
console.log('by file:');
for (const [f, n] of count((t) => t.file)) console.log(`  ${String(n).padStart(4)}  ${f}`);
const adapters = adapterInlineTexts(root).filter((t) => kind === undefined || t.kind === kind);
console.log(`inline in src/adapters/{discord,matrix}: ${adapters.length} texts`);
for (const [k, n] of count((t) => t.kind, adapters)) console.log(`  ${k.padEnd(8)} ${n}`);
if (args.includes('--list')) for (const t of [...found, ...adapters]) console.log(`${t.file}:${t.line}\t${t.kind}\t${t.text}`);
