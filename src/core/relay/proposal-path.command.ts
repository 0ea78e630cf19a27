import { z } from 'zod';
import { personal } from '../messages/message.js';
import { defineCommand, reply, speechOf } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { ok } from '../shared/result.js';
import { errT } from '../i18n/index.js';
import { subtreeAuditPath, verifySubtreeAuditPath } from '../federation/remote/subtree-audit.js';
import { proposalRef } from './model.js';
import { findProposal } from './status.js';

/**
 * `proposal path P-n`, in a local assembly below an assembly of delegates
 * that joined a parent on another deployment: where this assembly's decision
 * sits in the Merkle tree of its subtree's reports (leaf, index, size, audit
 * path, root), checked here; a member compares the root with the one the
 * parent counted.
 */
export const proposalPath = defineCommand({
  path: ['proposal', 'path'],
  permission: 'in-assembly-room',
  args: [{ name: 'proposal', positional: true, type: 'string', required: true, suggest: 'proposal' }],
  schema: z.object({ proposal: z.string().max(40) }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const me = ctx.deps.deployment;
    if (!me) return errT('bad-input', 'fed.remote.noIdentity');
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const p = await findProposal(reads, args.proposal);
    if (!p.ok) return p;
    const path = await subtreeAuditPath(reads, me.deployment, a.value.id, p.value.id);
    if (!path.ok) return path;
    const v = path.value;
    const t = speechOf(ctx);
    const body = t.t('fed.subtree.path.body', { index: v.index + 1, size: v.size, top: v.top, root: v.root, path: v.path.map((h, i) => `${String(i + 1)}. ${h}`).join('\n') || '-', checks: verifySubtreeAuditPath(v, v.root) ? 'yes' : 'no' });
    return ok(reply(personal(t.t('fed.subtree.path.title', { ref: proposalRef(p.value), assembly: a.value.name }), body, { fields: [{ name: t.t('fed.subtree.path.leaf'), value: `\`${v.leaf.replace(/`/g, "'")}\`` }] })));
  },
});
