import { federationModule } from '../../../src/core/federation/index.js';
import { lawModule } from '../../../src/core/laws/index.js';
import { relayModule } from '../../../src/core/relay/index.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

/** A scenario with every module (federations, relay, laws), driven by console-like lines. */
export function lawScenario(): Scenario {
  const f = federationModule();
  const r = relayModule();
  const l = lawModule();
  return new Scenario({ extraCommands: [...f.commands, ...r.commands, ...l.commands], extraKinds: [...f.kinds, ...r.kinds, ...l.kinds], observers: f.observers });
}

/**
 * Runs lines as the console would (`/in room`, `/as user`, `$CODE` for the
 * last invitation code), draining the relay after each; throws on the first
 * refusal unless the line starts with `!refused `. Returns every reply text.
 */
export async function runScript(s: Scenario, sent: Sent[], script: string, at = { room: 'lobby', user: 'nobody' }): Promise<string> {
  let code = '';
  let out = '';
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('/in ')) at.room = line.slice(4).trim();
    else if (line.startsWith('/as ')) at.user = line.slice(4).trim();
    else {
      const expectRefusal = line.startsWith('!refused ');
      const cmd = (expectRefusal ? line.slice('!refused '.length) : line).replace('$CODE', code);
      const r = await s.run(at.user, at.room, cmd);
      if (r.ok === expectRefusal) throw new Error(`${at.user} in ${at.room}: ${cmd}\n${expectRefusal ? 'was not refused' : 'was refused'}: ${r.text}`);
      code = /[A-Z0-9]+-CODE\d{4}/.exec(r.text)?.[0] ?? code;
      out += `${r.text}\n`;
      await drainRelay(s.deps, sent, s.clock);
    }
  }
  return out;
}

/** North (ana, ben, cy) and South (dan, eve) in Valley Transport (fay founded it), each with its delegate elected. */
export const TWO_TOWNS = `
/in north
/as ana
assembly setup North
/as ben
join
/as cy
join
/in south
/as dan
assembly setup South
/as eve
join
/in valley
/as fay
federation create "Valley Transport" --purpose "Shared buses"
federation invite
/in north
/as ana
federation join $CODE
vote 1 yes
/as ben
vote 1 yes
/as cy
vote 1 yes
/in valley
/as fay
federation invite
/in south
/as dan
federation join $CODE
vote 1 yes
/as eve
vote 1 yes
/in north
/as ana
nominate "Valley Transport"
election call "Valley Transport"
vote 2 1
/as ben
vote 2 1
/as cy
vote 2 1
/in south
/as dan
nominate "Valley Transport"
election call "Valley Transport"
vote 2 1
/as eve
vote 2 1
`;
