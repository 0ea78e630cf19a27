import type { z } from 'zod';
import type { CommandSpec } from './command.js';

/** What a platform's UI can enforce before a command is sent, read from the command's own schema. */
export interface ArgLimits {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

interface Inspectable {
  readonly def?: { readonly type?: string };
  unwrap?: () => unknown;
  meta?: () => Record<string, unknown> | undefined;
  readonly minLength?: number | null;
  readonly maxLength?: number | null;
}

/**
 * The limits of one argument as its zod schema states them (`zText` and
 * `zInt` record theirs as metadata; a plain `z.string().min().max()` its
 * checks), so the platforms' own field limits (Discord's max_length,
 * min_value…) come from the one declaration the dispatcher validates with.
 */
export function argLimits(spec: CommandSpec, name: string): ArgLimits {
  const shape = (spec.schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  let node = shape?.[name] as unknown as Inspectable | undefined;
  // Optional / default / nullable wrappers carry nothing of their own.
  for (let n = 0; node && n < 5 && ['optional', 'default', 'nullable'].includes(node.def?.type ?? '') && node.unwrap; n++) node = node.unwrap() as Inspectable;
  if (!node) return {};
  const meta = node.meta?.() ?? {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const minLength = num(meta.minLength) ?? (node.def?.type === 'string' ? num(node.minLength) : undefined);
  const maxLength = num(meta.maxLength) ?? (node.def?.type === 'string' ? num(node.maxLength) : undefined);
  const minimum = num(meta.minimum);
  const maximum = num(meta.maximum);
  return { ...(minLength !== undefined ? { minLength } : {}), ...(maxLength !== undefined ? { maxLength } : {}), ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) };
}
