import { writeFile } from 'node:fs/promises';
import { newRegistration, registrationFile } from '../../adapters/matrix/appservice-registration.js';

export interface RegistrationArgs {
  readonly url: string;
  readonly serverName: string;
  readonly localpart: string;
  readonly out?: string | undefined;
}

/**
 * `plenary matrix appservice-registration`: writes a new registration (fresh
 * tokens) for the homeserver's app_service_config_files and for
 * MATRIX_APPSERVICE_REGISTRATION. The file holds both tokens: it is written
 * readable by its owner only.
 */
export async function runAppserviceRegistration(a: RegistrationArgs, stdout: { write(s: string): unknown }, stderr: { write(s: string): unknown }): Promise<number> {
  if (!/^https?:\/\/[^/]+/.test(a.url)) {
    stderr.write('--url is where the homeserver reaches the bot, like http://127.0.0.1:9090\n');
    return 2;
  }
  if (!/^[a-z0-9._=\-/]+$/.test(a.localpart)) {
    stderr.write('--localpart is the bot user id without @ and server (lower case letters, digits, ._=-/)\n');
    return 2;
  }
  const text = registrationFile(newRegistration({ url: a.url, serverName: a.serverName, localpart: a.localpart }));
  if (!a.out) {
    stdout.write(text);
    return 0;
  }
  await writeFile(a.out, text, { mode: 0o600, flag: 'wx' }).catch((e: unknown) => {
    throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? new Error(`${a.out ?? ''} exists: a new registration has new tokens, so it is not overwritten (remove it first)`) : e;
  });
  stdout.write(
    [
      `Wrote ${a.out} (@${a.localpart}:${a.serverName}, listening at ${a.url}).`,
      'Next: add it to the homeserver (Synapse: app_service_config_files in homeserver.yaml) and restart it,',
      `then start Plenary with MATRIX_HOMESERVER_URL and MATRIX_APPSERVICE_REGISTRATION=${a.out}.`,
      '',
    ].join('\n'),
  );
  return 0;
}
