/**
 * How core text names a command: as a code span holding the command as typed
 * without any prefix (`vote 12 yes`, `nomination accept Valley`). The core is
 * shared by every platform and does not know how a member types a command
 * there; each platform renders these spans its own way (`!vote 12 yes` on
 * Matrix, `/vote 12 yes` on Discord, as written in the console) through
 * `prefixCommandRefs`. A command named outside a code span is a bug (the
 * test `command-hints.test.ts` looks for them).
 */
export const commandRef = (line: string): string => `\`${line}\``;

/** The first words of a command table's paths (`help`, `vote`, `motion`…): what makes a code span a command. */
export const commandRoots = (table: readonly { readonly path: readonly string[] }[]): ReadonlySet<string> => new Set(table.map((c) => c.path[0] ?? '').filter((r) => r !== ''));

/** Whether a code span's text is a command of the table (its first word is a command root). */
export const isCommandRef = (span: string, roots: ReadonlySet<string>): boolean => roots.has((span.trim().split(/\s+/)[0] ?? '').toLowerCase());

/** Every code span in `text` that names a command gets `prefix` in front (once). */
export function prefixCommandRefs(text: string, roots: ReadonlySet<string>, prefix: string): string {
  if (prefix === '') return text;
  return text.replace(/`([^`\n]+)`/g, (m, inner: string) => (isCommandRef(inner, roots) && !inner.startsWith(prefix) ? `\`${prefix}${inner}\`` : m));
}

/** An argument as the text grammar reads it back: quoted when it has spaces or quotes. */
export const quoteArg = (arg: string): string => (/[\s"']/.test(arg) || arg === '' ? `"${arg.replace(/["\\]/g, (c) => `\\${c}`)}"` : arg);
