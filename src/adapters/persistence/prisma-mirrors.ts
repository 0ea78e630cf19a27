import type { Prisma } from '../../generated/prisma/client.js';
import type { Mirror, MirrorKind, RemoteMirrorTx } from '../../core/ports/remote-mirror.port.js';
import type { Db } from './prisma-store-reads.js';

type Row = { kind: string; remote: string; localId: string; data: Prisma.JsonValue; createdAt: Date };

const toMirror = (r: Row): Mirror => ({ kind: r.kind as MirrorKind, remote: r.remote, localId: r.localId, data: (r.data ?? {}) as Record<string, unknown>, createdAt: r.createdAt });

/** `RemoteMirrorTx` on the table `federation_mirror`. */
export class PrismaMirrors implements RemoteMirrorTx {
  constructor(private readonly db: Db) {}

  async mirror(kind: MirrorKind, remote: string): Promise<Mirror | null> {
    const r = await this.db.federationMirror.findUnique({ where: { kind_remote: { kind, remote } } });
    return r ? toMirror(r) : null;
  }

  async mirrorsOf(kind: MirrorKind, localIds: readonly string[]): Promise<readonly Mirror[]> {
    if (localIds.length === 0) return [];
    return (await this.db.federationMirror.findMany({ where: { kind, localId: { in: [...localIds] } } })).map(toMirror);
  }

  async mirrorsFrom(kind: MirrorKind, prefix: string, limit: number): Promise<readonly Mirror[]> {
    return (await this.db.federationMirror.findMany({ where: { kind, remote: { startsWith: prefix } }, orderBy: { remote: 'asc' }, take: limit })).map(toMirror);
  }

  async putMirror(m: Omit<Mirror, 'createdAt'>, now: Date): Promise<boolean> {
    const r = await this.db.federationMirror.createMany({ data: [{ kind: m.kind, remote: m.remote, localId: m.localId, data: m.data as Prisma.InputJsonValue, createdAt: now }], skipDuplicates: true });
    return r.count === 1;
  }

  async updateMirror(kind: MirrorKind, remote: string, data: Readonly<Record<string, unknown>>): Promise<void> {
    await this.db.federationMirror.updateMany({ where: { kind, remote }, data: { data: data as Prisma.InputJsonValue } });
  }
}
