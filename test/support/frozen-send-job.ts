import { publicMessage } from '../../src/core/messages/message.js';
import type { ReceivedJob } from '../../src/jobs/job-queue.port.js';

/** The one `platform.send.discord` job the frozen-worker test and its worker process both run. */
export function frozenWorkerJob(n: number, attempt: number): ReceivedJob<unknown> {
  const items = Array.from({ length: n }, (_, i) => ({ key: `frozen:discord:room-${i}`, room: { platform: 'discord', roomId: `room-${i}` }, message: publicMessage('Proposal P-1', `to room ${i}`) }));
  return { id: 'frozen-discord', name: 'platform.send.discord', version: 1, payload: { dedupeKey: 'frozen-discord', platform: 'discord', items }, attempt, maxAttempts: 30 };
}
