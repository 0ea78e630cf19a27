import { z } from 'zod';

/** Argument schemas that accept both typed values (Discord options) and text (the `!` grammar). */
export const zBool = z
  .union([z.boolean(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'on', '1', ''].includes(s)) return true;
    if (['false', 'no', 'off', '0'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: 'expected true or false' });
    return z.NEVER;
  });

export const zInt = (min: number, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
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
      ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}` });
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
    .max(2 * max, `at most ${max} characters`)
    .refine((s) => Array.from(s).length <= max, `at most ${max} characters`)
    .meta({ maxLength: max });

/** A list given as repeated options or one comma-separated string. */
export const zList = (max = 50) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(z.string().max(200)).max(max, `at most ${max} entries`));

/** A user argument: the platform id of another account on the caller's platform. */
export const zUser = z.string().min(1).max(255);

/** The motion reference argument shared by every command that names a motion (`12`, `#12`, `Name#12`). */
export const motionRefArg = { name: 'motion', positional: true, type: 'string', required: true, suggest: 'motion' } as const;
export const zMotionRef = z.string().max(120);
