import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ed25519Signer, generateDeploymentKey } from '../../core/federation-protocol/ed25519.js';
import { RETIRED_KEY_GRACE_MS } from '../../core/federation-protocol/envelope.js';
import { deploymentId, keyId } from '../../core/federation-protocol/events.js';
import type { Signer } from '../../core/federation-protocol/signer.port.js';

const keySchema = z.strictObject({
  keyId,
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  privateKeyPem: z.string().min(40),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
});
const fileSchema = z.strictObject({ version: z.literal(1), deployment: deploymentId, keys: z.array(keySchema).min(1) });

export type KeyFileContent = z.infer<typeof fileSchema>;

/** Where the deployment key lives: PLENARY_FEDERATION_KEY_FILE, or `federation-key.json` in the data directory. */
export function federationKeyPath(dataDir: string, override: string | undefined): string {
  return override ?? join(dataDir, 'federation-key.json');
}

/** This deployment's id and keys, as the key file holds them: the current key and those still in their grace period. */
export class DeploymentKeys {
  private readonly signers: readonly { readonly signer: Signer; readonly createdAt: Date; readonly retiredAt: Date | null }[];

  constructor(readonly content: KeyFileContent) {
    this.signers = content.keys.map((k) => ({ signer: ed25519Signer(k), createdAt: new Date(k.createdAt), retiredAt: k.retiredAt === null ? null : new Date(k.retiredAt) }));
  }

  get deployment(): string {
    return this.content.deployment;
  }

  /** The key new events are signed with. */
  get current(): Signer {
    const live = this.signers.filter((k) => k.retiredAt === null);
    const last = live.at(-1) ?? this.signers.at(-1);
    if (!last) throw new Error('federation key file holds no key');
    return last.signer;
  }

  /**
   * The key an event made at `createdAt` is signed with, so a resend signs the
   * very same bytes: the key current then, while the peers still accept it
   * (the grace period after its rotation); else the current key.
   */
  signerAt(createdAt: Date, now: Date): Signer {
    const then = [...this.signers].reverse().find((k) => k.createdAt.getTime() <= createdAt.getTime());
    if (!then || then.retiredAt === null) return this.current;
    return now.getTime() < then.retiredAt.getTime() + RETIRED_KEY_GRACE_MS ? then.signer : this.current;
  }
}

export class KeyFileError extends Error {}

/**
 * The deployment identity on disk (mode 0600): created at the first start
 * (`dep_…` and an ed25519 key), read thereafter, replaced atomically on
 * rotation. A running carrier re-reads it when the file changes, so
 * `plenary federation rotate-key` takes effect without a restart.
 */
export class FederationKeyFile {
  private cached: { readonly mtimeMs: number; readonly keys: DeploymentKeys } | null = null;

  constructor(readonly path: string) {}

  /** The keys, creating the file with a new deployment id and key when there is none. */
  loadOrCreate(now: Date): DeploymentKeys {
    const existing = this.read();
    if (existing) return existing;
    mkdirSync(dirname(this.path), { recursive: true });
    const pair = generateDeploymentKey(label(now));
    const content: KeyFileContent = { version: 1, deployment: `dep_${randomBytes(9).toString('base64url')}`, keys: [{ ...pair, createdAt: now.toISOString(), retiredAt: null }] };
    try {
      writeFileSync(this.path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const read = this.read();
    if (!read) throw new KeyFileError(`${this.path}: written but not readable`);
    return read;
  }

  /** The keys, or null when there is no file yet (`doctor` must not create one). Re-read only when the file changed. */
  read(): DeploymentKeys | null {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.keys;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new KeyFileError(`${this.path}: not readable JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const content = fileSchema.safeParse(parsed);
    if (!content.success) throw new KeyFileError(`${this.path}: not a Plenary federation key file (${content.error.issues[0]?.message ?? 'invalid'})`);
    const keys = new DeploymentKeys(content.data);
    this.cached = { mtimeMs, keys };
    return keys;
  }

  /**
   * A new current key; the old one is kept, retired, for the grace period
   * (peers still accept what it signed until they read the rotation), and
   * keys retired longer ago than that are dropped.
   */
  rotate(now: Date): { readonly previous: Signer; readonly next: Signer; readonly keys: DeploymentKeys } {
    const before = this.loadOrCreate(now);
    const previous = before.current;
    let next = generateDeploymentKey(label(now));
    while (before.content.keys.some((k) => k.keyId === next.keyId)) next = generateDeploymentKey(label(now));
    const kept = before.content.keys
      .map((k) => (k.retiredAt === null ? { ...k, retiredAt: now.toISOString() } : k))
      .filter((k) => k.retiredAt === null || now.getTime() - new Date(k.retiredAt).getTime() < RETIRED_KEY_GRACE_MS);
    const content: KeyFileContent = { ...before.content, keys: [...kept, { ...next, createdAt: now.toISOString(), retiredAt: null }] };
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
    this.cached = null;
    const keys = this.read();
    if (!keys) throw new KeyFileError(`${this.path}: vanished during rotation`);
    return { previous, next: keys.current, keys };
  }
}

/** `ed25519:2026-12-<random>`: the month for people, a random tail so two rotations in a month differ. */
function label(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-${randomBytes(3).toString('hex')}`;
}
