import { z } from 'zod';
import { ENGLISH, type MessageId, type ParamsArg } from '../i18n/index.js';

/**
 * A refusal of one argument's value: its English text (zod's `message`) and
 * the message id the dispatcher words it with for the reader (`localized`).
 */
export function argIssue<K extends MessageId>(id: K, ...params: ParamsArg<K>): { message: string; params: { localized: { id: K; params: object } } } {
  return { message: ENGLISH.t(id, ...params), params: { localized: { id, params: params[0] ?? {} } } };
}

/** Argument schemas that accept both typed values (Discord options) and text (the `!` grammar). */
export const zBool = z
  .union([z.boolean(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'on', '1', ''].includes(s)) return true;
    if (['false', 'no', 'off', '0'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', ...argIssue('args.bool') });
    return z.NEVER;
  });

export const zInt = (min: number, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', ...argIssue('args.wholeRange', { min: String(min), max: String(max) }) });
        return z.NEVER;
      }
      return n;
    })
    // Read back by `argLimits` (Discord's min_value / max_value): the bounds are stated once, here.
    .meta({ minimum: min, maximum: max });

export const zNumber = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', ...argIssue('args.numberRange', { min: String(min), max: String(max) }) });
      return z.NEVER;
    }
    return n;
  });

/**
 * Text of at most `max` characters (code points, as the core's `cleanText`
 * counts them, so an emoji is one). Where a command's text has a content
 * limit in the core (`LIMITS`), the schema states that limit: it is what the
 * platforms show as the field's limit (`argLimits`: Discord's max_length), so
 * a form never accepts what the command then refuses.
 */
export const zText = (max = 8000) =>
  z
    .string()
    // Counted by code points only when the UTF-16 length could be within the limit.
    .refine((s) => s.length <= 2 * max && Array.from(s).length <= max, argIssue('args.maxChars', { max: String(max) }))
    .meta({ maxLength: max });

/** A list given as repeated options or one comma-separated string. */
export const zList = (max = 50) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(z.string().max(200)).refine((a) => a.length <= max, argIssue('args.maxEntries', { max: String(max) })));

/** A user argument: the platform id of another account on the caller's platform. */
export const zUser = z.string().min(1).max(255);

/** The motion reference argument shared by every command that names a motion (`12`, `#12`, `Name#12`). */
export const motionRefArg = { name: 'motion', positional: true, type: 'string', required: true, suggest: 'motion' } as const;
export const zMotionRef = z.string().max(120);
