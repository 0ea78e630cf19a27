/**
 * Candidate names and titles in BLT files come in several dialects: plain
 * text, one quoted string, a name and a party as two quoted strings, and
 * spreadsheet exports that wrap all of those in CSV quoting (`""` for `"`),
 * sometimes twice. Names only label the count, so this reads what it can
 * and keeps the raw text when it cannot.
 */

/** Splits `"a" "b"` into its quoted strings (`""` inside one is a `"`), or null. */
function quotedStrings(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++;
      continue;
    }
    if (text[i] !== '"') return null;
    let value = '';
    i++;
    for (;;) {
      if (i >= text.length) return null;
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      value += text.charAt(i);
      i++;
    }
    out.push(value);
  }
  return out;
}

const ALTERNATIVE_NAME = /^#\s*ALTERNATIVE NAME\s+\d+\s*:\s*(.*)$/i;

/**
 * Reads one name line. A name with a party (`"Ann SMITH" "Labour"`) becomes
 * `Ann SMITH (Labour)`; runs of spaces collapse to one.
 */
export function decodeName(raw: string): string {
  let text = raw.trim();
  const alternative = ALTERNATIVE_NAME.exec(text);
  if (alternative) text = alternative[1] ?? '';
  // Unwrap nested CSV quoting, at most a few levels.
  for (let depth = 0; depth < 4 && text.startsWith('"'); depth++) {
    const parts = quotedStrings(text);
    if (parts === null) break;
    const [first = '', ...rest] = parts.map((p) => p.trim()).filter((p) => p !== '');
    text = rest.length === 0 ? first : `${first} (${rest.join(', ')})`;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Writes a name so `decodeName` reads it back unchanged. */
export function encodeName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return `"${clean.replace(/"/g, '""')}"`;
}
