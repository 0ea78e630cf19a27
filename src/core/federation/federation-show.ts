import type { Federation } from '../model/federation.js';
import type { StoreReads } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';
import { ENGLISH, type Speech } from '../i18n/index.js';

/** The federation as an indented tree: each assembly with its delegates (bounded for chat). */
export async function federationTree(reads: StoreReads, f: Federation, maxLines = 60, t: Speech = ENGLISH): Promise<string> {
  const lines: string[] = [];
  const walk = async (id: AssemblyId, depth: number): Promise<void> => {
    if (lines.length >= maxLines) return;
    const a = await reads.assembly(id);
    if (!a) return;
    const children = (await reads.childEdges(id)).filter((e) => e.federationId === f.id);
    const delegates = await reads.seats({ parentAssemblyId: id, status: 'active' });
    lines.push(t.t('fed.tree.line', { indent: '  '.repeat(depth), name: a.name, kind: a.kind, children: children.length, isDelegates: a.kind === 'delegates' ? 'yes' : 'no', delegates: delegates.length }));
    for (const e of children) await walk(e.childAssemblyId, depth + 1);
  };
  await walk(f.rootAssemblyId, 0);
  if (lines.length >= maxLines) lines.push('…');
  return lines.join('\n');
}
