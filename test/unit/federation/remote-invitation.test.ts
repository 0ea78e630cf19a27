import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRemoteInvitation, encodeRemoteInvitation, type RemoteInvitation } from '../../../src/core/federation/remote/index.js';
import { ed25519Signer, generateDeploymentKey } from '../../../src/core/federation-protocol/index.js';

const signer = ed25519Signer(generateDeploymentKey('dep_b-2026'));
const inv: RemoteInvitation = {
  federation: 'Transit',
  parentAssembly: 'dep_b/0193a0e2-7c4e-7a61-9f7e-3c1d2b4a5e6f',
  parentName: 'Transit Council',
  deployment: 'dep_b',
  botUserId: '@plenary:b.example',
  keyId: signer.keyId,
  publicKey: signer.publicKey,
  code: 'TRANSIT-K3X9QZ',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

describe('remote invitation line (PLENARY1)', () => {
  it('round-trips, copy-safe, and survives the wrapping and quoting chat clients add', () => {
    const line = encodeRemoteInvitation(inv);
    expect(line).toMatch(/^PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8}$/);
    expect(decodeRemoteInvitation(line)).toEqual({ ok: true, value: inv });
    const wrapped = `\`${line.slice(0, 40)}\n  ${line.slice(40, 90)} ${line.slice(90)}\``;
    expect(decodeRemoteInvitation(wrapped)).toEqual({ ok: true, value: inv });
  });

  it('refuses any changed, cut or dropped character with a message saying to copy it again', () => {
    const line = encodeRemoteInvitation(inv);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 9, max: line.length - 1 }), fc.integer({ min: 0, max: alphabet.length - 1 }).map((i) => alphabet.charAt(i)), fc.constantFrom('replace', 'cut', 'drop'), (at, c, how) => {
        const mangled = how === 'cut' ? line.slice(0, at) : how === 'drop' ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + c + line.slice(at + 1);
        fc.pre(mangled !== line);
        const r = decodeRemoteInvitation(mangled);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/Copy the whole line|not a remote invitation/);
      }),
      { numRuns: 400 },
    );
  });

  it('names the format it reads when given another version, and refuses a parent its deployment does not host', () => {
    const line = encodeRemoteInvitation(inv);
    const r = decodeRemoteInvitation(line.replace(/^PLENARY1/, 'PLENARY2'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('this deployment reads PLENARY1');
    const other = decodeRemoteInvitation(encodeRemoteInvitation({ ...inv, parentAssembly: 'dep_c/asm_1' }));
    expect(other.ok).toBe(false);
  });
});
