/**
 * HTML built by a tagged template that escapes every interpolated value unless
 * it is already `Html` (made by this tag or `raw`). Member text (names,
 * motion titles, reasons) can only reach a page through it.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup this code wrote itself (never member text). */
export const raw = (trusted: string): Html => new Html(trusted);

/** A URL path built from segments, each percent-encoded. */
export const path = (...segments: readonly (string | number)[]): string => `/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
