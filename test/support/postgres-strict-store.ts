import type { Store } from '../../src/core/ports/store.port.js';

/**
 * Wraps a store (the FakeStore) so that text reaches it under PostgreSQL's
 * rules: a NUL anywhere in an argument, a jsonb value included, fails the
 * statement as PostgreSQL does (22021); an unpaired UTF-16 surrogate, which
 * the driver would silently store as U+FFFD, is noted in `mangled`. Every
 * port object the store hands out (reads, transactions, sub-stores) is
 * wrapped the same way.
 */
export function postgresStrict<S extends Store>(store: S): { store: S; mangled: string[] } {
  const mangled: string[] = [];
  return { store: wrap(store, mangled), mangled };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A port: an object with behaviour (a class instance), not plain data. */
function isPort(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date || v instanceof Map || v instanceof Set || v instanceof Promise) return false;
  return Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null;
}

function check(value: unknown, where: string, mangled: string[], depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw Object.assign(new Error(`invalid byte sequence for encoding "UTF8": 0x00 (in ${where})`), { code: '22021' });
    if (LONE_SURROGATE.test(value)) mangled.push(`${where}: ${JSON.stringify(value)}`);
    return;
  }
  if (depth > 8 || typeof value !== 'object' || value === null || value instanceof Date) return;
  const items = value instanceof Map ? [...value.keys(), ...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const item of items) check(item, where, mangled, depth + 1);
}

function wrap<T extends object>(target: T, mangled: string[]): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          check(args, String(key), mangled);
          // Callbacks (transaction bodies) receive wrapped ports too.
          const passed = args.map((a) => (typeof a === 'function' ? (...inner: unknown[]) => (a as (...x: unknown[]) => unknown)(...inner.map((x) => (isPort(x) ? wrap(x, mangled) : x))) : a));
          const out: unknown = (value as (...x: unknown[]) => unknown).apply(t, passed);
          return isPort(out) ? wrap(out, mangled) : out;
        };
      }
      return isPort(value) ? wrap(value, mangled) : value;
    },
  });
}
