import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/bots/config.js';
import { appserviceListen } from '../../../src/bots/matrix.js';

const problemsOf = (env: Record<string, string>): string[] => {
  const c = loadConfig(env);
  return c.ok ? [] : c.problems;
};

describe('GIVEN where the appservice listener binds (MATRIX_APPSERVICE_LISTEN)', () => {
  it('WHEN it is unset THEN the registration url says it, with the scheme default port', () => {
    expect(appserviceListen('http://127.0.0.1:9090', undefined)).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(appserviceListen('http://plenary', undefined)).toEqual({ host: 'plenary', port: 80 });
    expect(appserviceListen('https://[::1]', undefined)).toEqual({ host: '::1', port: 443 });
  });

  it('WHEN it is set THEN it wins over the url the homeserver uses (a proxy or a container name in front)', () => {
    expect(appserviceListen('http://plenary-bot:9090', '0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(appserviceListen('http://plenary-bot:9090', '[::]:9090')).toEqual({ host: '::', port: 9090 });
  });

  it('WHEN it is not host:port THEN the configuration names it and says what is expected', () => {
    for (const bad of ['9090', '0.0.0.0', '0.0.0.0:0', '0.0.0.0:65536', 'http://0.0.0.0:9090', 'a b:80', '<script>:1', `${'x'.repeat(300)}:99999`]) {
      expect(problemsOf({ MATRIX_APPSERVICE_LISTEN: bad }), bad).toEqual(['MATRIX_APPSERVICE_LISTEN: expected host:port, like 0.0.0.0:9090 or [::]:9090']);
    }
    expect(problemsOf({ MATRIX_APPSERVICE_LISTEN: '0.0.0.0:9090' })).toEqual([]);
  });
});
