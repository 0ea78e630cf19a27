import { z } from 'zod';
import type { Assembly, Motion } from '../model/entities.js';
import { resolveMotion } from '../services/motion.service.js';
import type { Result } from '../shared/result.js';
import { motionRefArg, zMotionRef } from './args.js';
import { defineCommand, type CommandContext, type CommandReply, type CommandSpec } from './command.js';

/**
 * A read-only command about one motion (`motion show 12`, `ballot 12`, …):
 * the motion argument, its resolution and the "not found" answers are the
 * same for all of them, so they are declared here once.
 */
export function defineMotionLookup(spec: {
  readonly path: readonly string[];
  readonly handler: (ctx: CommandContext, found: { readonly motion: Motion; readonly assembly: Assembly }) => Promise<Result<CommandReply>>;
}): CommandSpec {
  return defineCommand({
    path: spec.path,
    permission: 'anyone',
    args: [motionRefArg],
    schema: z.object({ motion: zMotionRef }),
    async handler(ctx, args) {
      const r = await resolveMotion(ctx.deps.store.read, ctx.room, args.motion);
      return r.ok ? spec.handler(ctx, r.value) : r;
    },
  });
}
