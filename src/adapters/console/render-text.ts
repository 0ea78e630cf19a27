import { formatHead } from '../../core/events/witness.js';
import type { OutMessage } from '../../core/messages/message.js';

/** Plain-text rendering for the console (and logs): title, body, fields, how to vote. */
export function renderText(m: OutMessage): string {
  const lines = [`${m.tone === 'error' ? '✖ ' : m.tone === 'success' ? '✔ ' : ''}${m.title}`];
  if (m.body) lines.push(...m.body.split('\n').map((l) => `  ${l}`));
  for (const f of m.fields ?? []) {
    const [first = '', ...more] = f.value.split('\n');
    lines.push(`  ${f.name}: ${first}`, ...more.map((l) => `    ${l}`));
  }
  if (m.controls && !m.controls.closed) {
    const c = m.controls;
    const how = c.method === 'yes-no-abstain' ? 'yes | no | abstain' : c.method === 'approval' ? 'option numbers, e.g. 1,3' : 'option numbers best first, e.g. 2>1>3';
    lines.push(`  [vote ${c.motionNumber} ${how}]${c.secret ? ' (secret ballot)' : ''}`);
  }
  if (m.chainHead) lines.push(`  ${formatHead(m.chainHead.assembly, m.chainHead)}`);
  if (m.attachment) lines.push(`  [attachment ${m.attachment.filename}, ${m.attachment.content.length} bytes]`);
  return lines.join('\n');
}
