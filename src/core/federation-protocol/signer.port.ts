/**
 * Signs as this deployment. A port so the private key can live wherever the
 * operator keeps it (a key file today, a hardware key later) and so tests can
 * hand a forger a signer with the wrong key.
 */
export interface Signer {
  /** `ed25519:<label>`: which published key this is. */
  readonly keyId: string;
  /** The public key, unpadded base64url of the raw 32 bytes. */
  readonly publicKey: string;
  /** An ed25519 signature over the bytes, unpadded base64url. */
  sign(message: Uint8Array): string;
}

/** Checks a signature under a public key the caller already trusts (never one taken from the event itself). */
export interface Verifier {
  verify(publicKey: string, message: Uint8Array, signature: string): boolean;
}
