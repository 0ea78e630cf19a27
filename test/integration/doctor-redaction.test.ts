import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/bots/cli/doctor.js';
import { configSchema } from '../../src/bots/config.js';
import { createLogger } from '../../src/bots/logger.js';

/**
 * `plenary doctor` prints what it connected to and what went wrong; people
 * paste its output into chats and issues. Real local PostgreSQL and Redis; the
 * Matrix URL carries credentials, which makes fetch fail with the URL in its message.
 */
describe('GIVEN a configuration whose URLs and tokens carry secrets', () => {
  it('WHEN doctor runs THEN no password or token is printed, and it says which Matrix invitations the bot accepts', async () => {
    const config = configSchema.parse({
      DATABASE_URL: 'postgresql://postgres:pg-doctor-s3cret@127.0.0.1:5432/plenary_doctor_absent',
      REDIS_URL: 'redis://:r3dis-doctor-pw@127.0.0.1:6379',
      MATRIX_HOMESERVER_URL: 'http://plenary:mx-doctor-s3cret@127.0.0.1:9',
      MATRIX_ACCESS_TOKEN: 'syt_cGxlbmFyeQ_doctorTokenValue_9z8y7x',
      MATRIX_USER_ID: '@plenary:localhost',
    });
    let printed = '';
    const logged: string[] = [];
    const log = createLogger({ ...config, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }, { write: (s: string) => logged.push(s) } as unknown as NodeJS.WritableStream);
    await runDoctor(config, log, { write: (s: string) => (printed += s) });
    for (const secret of ['pg-doctor-s3cret', 'r3dis-doctor-pw', 'mx-doctor-s3cret', 'doctorTokenValue']) {
      expect(printed).not.toContain(secret);
      expect(logged.join('')).not.toContain(secret);
    }
    expect(printed).toContain('redis://:[redacted]@127.0.0.1:6379');
    expect(printed).toMatch(/Matrix invites\s+accepts invitations only from users of its own homeserver \(localhost\); declines the rest/);
  });
});
