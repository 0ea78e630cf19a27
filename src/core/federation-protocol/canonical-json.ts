import { ok, type Result } from '../shared/result.js';

/** Why a value has no canonical form (a float, a huge integer, a cycle…), with where it was found. */
export interface CanonicalJsonError {
  readonly code: 'not-canonical';
  readonly message: string;
}

const MAX_DEPTH = 64;

/** Orders keys by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Canonical JSON for signing (docs/FEDERATION-PROTOCOL.md §4): keys sorted by
 * code point, no whitespace, integers only (±(2^53−1)), strings escaped as
 * `JSON.stringify` does. The subset on which RFC 8785 and Matrix canonical
 * JSON agree, so another implementation can reproduce the bytes. A value
 * outside it is refused, never silently changed: a signature over a rounded
 * number would verify something nobody sent.
 */
export function canonicalJson(value: unknown): Result<string, CanonicalJsonError> {
  const out: string[] = [];
  const problem = write(value, out, '$', 0, new Set());
  return problem ? err2(problem) : ok(out.join(''));
}

const err2 = (message: string): Result<string, CanonicalJsonError> => ({ ok: false, error: { code: 'not-canonical', message } });

function write(value: unknown, out: string[], path: string, depth: number, seen: Set<object>): string | null {
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH}`;
  if (value === null) {
    out.push('null');
    return null;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return null;
    case 'string':
      out.push(JSON.stringify(value));
      return null;
    case 'number':
      if (!Number.isSafeInteger(value)) return `${path}: ${String(value)} is not an integer within ±(2^53−1)`;
      out.push(Object.is(value, -0) ? '0' : String(value));
      return null;
    case 'object':
      break;
    default:
      return `${path}: a ${typeof value} has no JSON form`;
  }
  const obj = value;
  if (seen.has(obj)) return `${path}: refers to itself`;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      out.push('[');
      for (let i = 0; i < obj.length; i++) {
        if (i > 0) out.push(',');
        const p = write(obj[i] as unknown, out, `${path}[${i}]`, depth + 1, seen);
        if (p) return p;
      }
      out.push(']');
      return null;
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path}: only plain objects have a canonical form`;
    const keys = Object.keys(obj).sort(compareCodePoints);
    out.push('{');
    let first = true;
    for (const k of keys) {
      const v = (obj as Record<string, unknown>)[k];
      if (v === undefined) return `${path}.${k}: undefined has no JSON form`;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      const p = write(v, out, `${path}.${k}`, depth + 1, seen);
      if (p) return p;
    }
    out.push('}');
    return null;
  } finally {
    seen.delete(obj);
  }
}
