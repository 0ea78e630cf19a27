import { describe, expect, it } from 'vitest';
import { VisibilityChecks } from '../../../src/adapters/web/live-events.js';

describe('VisibilityChecks: open live connections re-check without a read each', () => {
  it('GIVEN 1,000 connections of one viewer kind told of one update THEN one read answers them all; the next update reads again', async () => {
    const checks = new VisibilityChecks();
    let reads = 0;
    let visible = true;
    const ask = (): Promise<boolean> => {
      reads++;
      return Promise.resolve(visible);
    };
    const first = {};
    expect(await Promise.all(Array.from({ length: 1000 }, () => checks.check('m1|', ask, first)))).toEqual(Array(1000).fill(true));
    expect(reads).toBe(1);
    // Removed between two updates: the next update sees it, never the old answer.
    visible = false;
    const second = {};
    expect(await checks.check('m1|', ask, second)).toBe(false);
    expect(await checks.check('m1|', ask, first)).toBe(true); // an answer belongs to its update alone
    expect(reads).toBe(2);
    // Another viewer is another question.
    await checks.check('m1|p2', ask, second);
    expect(reads).toBe(3);
  });

  it('GIVEN periodic re-checks THEN only a check still in flight is shared, and a failed read counts as not visible', async () => {
    const checks = new VisibilityChecks();
    let reads = 0;
    const slow = (): Promise<boolean> => {
      reads++;
      return new Promise((r) => setTimeout(() => r(true), 20));
    };
    await Promise.all([checks.check('k', slow), checks.check('k', slow)]);
    expect(reads).toBe(1);
    await checks.check('k', slow);
    expect(reads).toBe(2);
    expect(await checks.check('broken', () => Promise.reject(new Error('db down')))).toBe(false);
  });
});

describe('VisibilityChecks.roundOf', () => {
  it('GIVEN periodic re-checks in one window THEN they share one read; the next window reads again', async () => {
    const checks = new VisibilityChecks();
    let reads = 0;
    const ask = (): Promise<boolean> => Promise.resolve(++reads > 0);
    for (const t of [10_000, 11_000, 14_999]) await checks.check('k', ask, checks.roundOf(5000, t));
    expect(reads).toBe(1);
    await checks.check('k', ask, checks.roundOf(5000, 15_000));
    expect(reads).toBe(2);
  });
});
