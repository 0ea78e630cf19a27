import type { Mirror, MirrorKind, RemoteMirrorTx } from '../ports/remote-mirror.port.js';
import { pairKey, type FakeState } from './fake-store-state.js';

/** In-memory `RemoteMirrorTx` over the fake state (rolled back with its transaction). */
export class FakeMirrors implements RemoteMirrorTx {
  constructor(private readonly s: () => FakeState) {}

  mirror(kind: MirrorKind, remote: string): Promise<Mirror | null> {
    return Promise.resolve(this.s().mirrors.get(pairKey(kind, remote)) ?? null);
  }

  mirrorsOf(kind: MirrorKind, localIds: readonly string[]): Promise<readonly Mirror[]> {
    const want = new Set(localIds);
    return Promise.resolve([...this.s().mirrors.values()].filter((m) => m.kind === kind && want.has(m.localId)));
  }

  mirrorsFrom(kind: MirrorKind, prefix: string, limit: number): Promise<readonly Mirror[]> {
    const out = [...this.s().mirrors.values()].filter((m) => m.kind === kind && m.remote.startsWith(prefix)).sort((a, b) => (a.remote < b.remote ? -1 : a.remote > b.remote ? 1 : 0));
    return Promise.resolve(out.slice(0, limit));
  }

  putMirror(m: Omit<Mirror, 'createdAt'>, now: Date): Promise<boolean> {
    const key = pairKey(m.kind, m.remote);
    if (this.s().mirrors.has(key)) return Promise.resolve(false);
    this.s().mirrors.set(key, { ...m, data: structuredClone(m.data), createdAt: now });
    return Promise.resolve(true);
  }

  updateMirror(kind: MirrorKind, remote: string, data: Readonly<Record<string, unknown>>): Promise<void> {
    const key = pairKey(kind, remote);
    const m = this.s().mirrors.get(key);
    if (m) this.s().mirrors.set(key, { ...m, data: structuredClone(data) });
    return Promise.resolve();
  }
}
