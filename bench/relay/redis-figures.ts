import { Redis } from 'ioredis';

/** Deletes the run's queue keys (completed jobs kept for inspection, events), so runs do not pile up in Redis. */
export async function dropQueueKeys(url: string, prefix: string): Promise<number> {
  const r = new Redis(url, { maxRetriesPerRequest: 3 });
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

export async function redisUsed(url: string): Promise<number> {
  const r = new Redis(url, { maxRetriesPerRequest: 3 });
  try {
    const info = await r.info('memory');
    return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  } finally {
    r.disconnect();
  }
}
