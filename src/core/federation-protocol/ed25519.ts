import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Signer, Verifier } from './signer.port.js';

const B64URL = /^[A-Za-z0-9_-]+$/;

/** A deployment key pair; `privateKey` is a PKCS#8 PEM the operator stores (never published). */
export interface DeploymentKeyPair {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKeyPem: string;
}

/** A fresh ed25519 key (node:crypto, as the audit chain's sha256 already is in the core). */
export function generateDeploymentKey(label: string): DeploymentKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { keyId: `ed25519:${label}`, publicKey: rawPublicKey(publicKey), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an ed25519 key');
  return jwk.x;
}

/** Signs with a stored key pair. */
export function ed25519Signer(pair: DeploymentKeyPair): Signer {
  const key = createPrivateKey(pair.privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${pair.keyId} is not an ed25519 key`);
  const publicKey = rawPublicKey(createPublicKey(key));
  if (publicKey !== pair.publicKey) throw new Error(`${pair.keyId}: the private key does not match its public key`);
  return { keyId: pair.keyId, publicKey, sign: (message) => sign(null, message, key).toString('base64url') };
}

/** Verifies ed25519; a malformed key or signature is simply a failed check. */
export const ed25519Verifier: Verifier = {
  verify(publicKey, message, signature) {
    if (!B64URL.test(publicKey) || !B64URL.test(signature)) return false;
    const raw = Buffer.from(publicKey, 'base64url');
    const sig = Buffer.from(signature, 'base64url');
    // Exact lengths and the exact encoding: a second spelling of the same bytes is not the same signature.
    if (raw.length !== 32 || sig.length !== 64 || sig.toString('base64url') !== signature || raw.toString('base64url') !== publicKey) return false;
    try {
      return verify(null, message, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' }), sig);
    } catch {
      return false;
    }
  },
};
