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
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

export const zNumber = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

/** Bounded so a hostile argument cannot make the bot allocate without end; content limits are checked in the core. */
export const zText = (max = 8000) => z.string().max(max, `at most ${max} characters`);

/** A list given as repeated options or one comma-separated string. */
export const zList = (max = 50) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(z.string().max(200)).max(max, `at most ${max} entries`));

/** A user argument: the platform id of another account on the caller's platform. */
export const zUser = z.string().min(1).max(255);

/** The motion reference argument shared by every command that names a motion (`12`, `#12`, `Name#12`). */
export const motionRefArg = { name: 'motion', description: 'the motion number, e.g. 12', positional: true, type: 'string', required: true, suggest: 'motion' } as const;
export const zMotionRef = z.string().max(120);
