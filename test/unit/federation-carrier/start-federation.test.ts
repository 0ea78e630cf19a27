import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/bots/config.js';
import { federationAccount, peerQuota, startFederation } from '../../../src/bots/federation.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

const config = (env: Record<string, string>): Config => {
  const c = loadConfig(env);
  if (!c.ok) throw new Error(c.problems.join('; '));
  return c.config;
};

describe('the federation composition root', () => {
  it('GIVEN no federation account THEN the first start still creates the deployment key, and no carrier runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-fed-'));
    const f = startFederation(config({ PLENARY_DATA_DIR: dir }), silentLogger, new FakeStore(), null);
    expect(f.carrier).toBeNull();
    expect(f.identity?.deployment).toMatch(/^dep_/);
    expect(statSync(join(dir, 'federation-key.json')).mode & 0o777).toBe(0o600);
    expect(startFederation(config({ PLENARY_DATA_DIR: dir }), silentLogger, new FakeStore(), null).identity?.deployment).toBe(f.identity?.deployment);
    await f.stop();
  });

  it('GIVEN an unreadable key file THEN a deployment that does not federate starts anyway, one with a federation account does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-fed-'));
    writeFileSync(join(dir, 'federation-key.json'), 'garbage');
    expect(startFederation(config({ PLENARY_DATA_DIR: dir }), silentLogger, new FakeStore(), null).identity).toBeNull();
    expect(() => startFederation(config({ PLENARY_DATA_DIR: dir, PLENARY_FEDERATION_MATRIX_HOMESERVER_URL: 'http://127.0.0.1:1', PLENARY_FEDERATION_MATRIX_USER_ID: '@f:x', PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN: 't' }), silentLogger, new FakeStore(), null)).toThrow(/federation-key\.json/);
  });

  it('GIVEN the federation account variables THEN the account is theirs, the homeserver defaulting to the bot’s; half of them is a configuration problem', () => {
    expect(federationAccount(config({ MATRIX_HOMESERVER_URL: 'https://m.example', MATRIX_ACCESS_TOKEN: 'bot', PLENARY_FEDERATION_MATRIX_USER_ID: '@fed:m.example', PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN: 'fed' }))).toEqual({ homeserverUrl: 'https://m.example', accessToken: 'fed', userId: '@fed:m.example' });
    expect(federationAccount(config({ MATRIX_HOMESERVER_URL: 'https://m.example', MATRIX_ACCESS_TOKEN: 'bot' }))).toBeNull();
    const half = loadConfig({ PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN: 'fed' });
    expect(half.ok ? [] : half.problems).toEqual(expect.arrayContaining([expect.stringMatching(/PLENARY_FEDERATION_MATRIX_USER_ID/), expect.stringMatching(/PLENARY_FEDERATION_MATRIX_HOMESERVER_URL/)]));
  });

  it('GIVEN the peer quota variables THEN the carrier\'s quota is theirs (default 20 a second, burst 200); a rate not above 0 or a fractional burst is a configuration problem', () => {
    expect(peerQuota(config({}))).toEqual({ perSecond: 20, burst: 200 });
    expect(peerQuota(config({ PLENARY_FEDERATION_PEER_RATE: '2', PLENARY_FEDERATION_PEER_BURST: '5' }))).toEqual({ perSecond: 2, burst: 5 });
    for (const bad of [{ PLENARY_FEDERATION_PEER_RATE: '0' }, { PLENARY_FEDERATION_PEER_RATE: 'fast' }, { PLENARY_FEDERATION_PEER_BURST: '2.5' }, { PLENARY_FEDERATION_PEER_BURST: '0' }]) {
      const r = loadConfig(bad);
      expect(r.ok ? [] : r.problems, JSON.stringify(bad)).toEqual([expect.stringMatching(new RegExp(Object.keys(bad)[0]!))]);
    }
  });
});
