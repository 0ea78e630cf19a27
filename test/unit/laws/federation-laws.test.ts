import { describe, expect, it } from 'vitest';
import type { Sent } from '../../support/relay-drain.js';
import { lawScenario, runScript, TWO_TOWNS } from './law-script.js';

describe('GIVEN a federation proposal that a town accepted and that was adopted', () => {
  it('THEN it is a law of each accepting town (not of the delegates), and repealing it there withdraws the acceptance so the counts above change', async () => {
    const s = lawScenario();
    const sent: Sent[] = [];
    await runScript(s, sent, TWO_TOWNS);
    // Adopted when one local assembly accepts.
    await runScript(s, sent, `
/in valley
/as ana
proposal draft "Night buses" --text "Run a night bus on Fridays." --rule 1
vote 1 yes
/as dan
vote 1 yes
/in north
/as ana
vote 3 yes
/as ben
vote 3 yes
/as cy
vote 3 yes
`);
    let status = await runScript(s, sent, '/in valley\nproposal status P-1');
    expect(status).toContain('1 accepted · 0 rejected · 0 asked to amend · 1 pending');
    const north = await runScript(s, sent, '/in north\nlaw list\nlaw show 1');
    expect(north).toContain('1. Night buses (P-1 of Valley Transport, accepted by motion #3 and adopted)');
    expect(north).toContain("accepted by North's motion #3 (`motion show 3`)");
    expect(north).toContain('Run a night bus on Fridays.');
    expect(north).toContain('P-1 v1 of Valley Transport');
    expect(await runScript(s, sent, '/in south\nlaw list')).toContain('None yet');
    // The delegates keep no law book.
    await runScript(s, sent, '/in valley\n!refused law list');

    // South accepts later: from then on it is South's law too.
    await runScript(s, sent, '/in south\n/as dan\nvote 3 yes\n/as eve\nvote 3 yes');
    // Accepted after the adoption (the closing of South's own response motion): the law names that motion.
    expect(await runScript(s, sent, '/in south\nlaw list')).toContain('1. Night buses (P-1 of Valley Transport, accepted by motion #3 and adopted)');
    status = await runScript(s, sent, '/in valley\nproposal status P-1');
    expect(status).toContain('2 accepted · 0 rejected');

    // North repeals it: its acceptance is withdrawn upstairs and the counts are rolled up again.
    await runScript(s, sent, '/in north\n/as ben\nmotion propose "No night buses here" --kind repeal-law --law 1\nvote 4 yes\n/as ana\nvote 4 yes\n/as cy\nvote 4 yes');
    const told = JSON.stringify(s.chat.in('north'));
    expect(told).toContain('repeals law 1 (P-1 of Valley Transport: the acceptance there is withdrawn)');
    expect(told).toContain('Valley Transport hears that North withdrew its acceptance of P-1');
    expect(s.chat.titles('north').some((t) => t.includes('Law 1 repealed'))).toBe(true);
    status = await runScript(s, sent, '/in valley\nproposal status P-1');
    expect(status).toContain('1 accepted · 1 rejected');
    expect(status).toContain('North withdrew its acceptance: it repealed law 1 (motion #4)');
    expect(await runScript(s, sent, '/in north\nlaw list --all')).toContain('[repealed by motion #4]');
    // South's law stands: the repeal was North's alone.
    expect(await runScript(s, sent, '/in south\nlaw list')).toContain('1. Night buses');
    expect(await runScript(s, sent, '/in north\n/as ana\naudit verify')).toContain('verified');
  }, 60_000);
});
