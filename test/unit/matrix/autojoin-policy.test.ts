import { describe, expect, it } from 'vitest';
import { describeAutojoin, mayJoin, parseAutojoinPolicy, type AutojoinPolicy } from '../../../src/adapters/matrix/autojoin-policy.js';

const parsed = (raw: string | undefined): AutojoinPolicy => {
  const p = parseAutojoinPolicy(raw);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
};
const HOME = 'home.example';

describe('GIVEN MATRIX_AUTOJOIN is not set', () => {
  const policy = parsed(undefined);

  it('THEN only users of the bot’s own homeserver can pull it into a room', () => {
    expect(mayJoin(policy, '!r:home.example', '@ana:home.example', HOME)).toBe(true);
    expect(mayJoin(policy, '!r:home.example', '@ana:HOME.example', HOME)).toBe(true);
    expect(mayJoin(policy, '!r:home.example', '@spam:evil.example', HOME)).toBe(false);
    expect(mayJoin(policy, '!r:evil.example', '@spam:evil.example', HOME)).toBe(false);
    // A server whose name only ends like ours is another server.
    expect(mayJoin(policy, '!r:x', '@spam:nothome.example', HOME)).toBe(false);
    expect(mayJoin(parsed('  '), '!r:x', '@spam:evil.example', HOME)).toBe(false);
  });

  it('THEN doctor can say so', () => {
    expect(describeAutojoin(policy, HOME)).toBe('accepts invitations only from users of its own homeserver (home.example); declines the rest');
  });
});

describe('GIVEN MATRIX_AUTOJOIN is set', () => {
  it('THEN `any` joins anywhere and `off` nowhere', () => {
    expect(mayJoin(parsed('any'), '!r:x', '@a:evil.example', HOME)).toBe(true);
    expect(mayJoin(parsed('OFF'), '!r:x', '@a:home.example', HOME)).toBe(false);
    expect(describeAutojoin(parsed('any'))).toContain('anyone on any homeserver');
  });

  it('THEN a list allows its rooms, users and homeservers, plus the own homeserver only when it says home', () => {
    const list = parsed('home, !room:other.org, @ana:else.org, Example.org');
    expect(mayJoin(list, '!room:other.org', '@zed:nowhere', HOME)).toBe(true);
    expect(mayJoin(list, '!x:y', '@ana:else.org', HOME)).toBe(true);
    expect(mayJoin(list, '!x:y', '@bob:example.org', HOME)).toBe(true);
    expect(mayJoin(list, '!x:y', '@me:home.example', HOME)).toBe(true);
    expect(mayJoin(list, '!x:example.org', '@bob:evil.org', HOME)).toBe(false);
    const strict = parsed('@ana:else.org');
    expect(mayJoin(strict, '!x:y', '@me:home.example', HOME)).toBe(false);
    expect(describeAutojoin(list, HOME)).toBe('accepts invitations only from users of its own homeserver (home.example), users of example.org, @ana:else.org, room !room:other.org; declines the rest');
  });

  it('THEN anything else is refused at start, naming the entry', () => {
    const bad = parseAutojoinPolicy('home, not a thing!');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('"not a thing!"');
  });
});

describe('GIVEN MATRIX_IGNORE_USERS in the configuration', () => {
  it('THEN it is a set of user ids, and anything else is refused at start', async () => {
    const { configSchema } = await import('../../../src/bots/config.js');
    expect([...configSchema.parse({ MATRIX_IGNORE_USERS: ' @bridge:example.org, @otherbot:else.org ' }).MATRIX_IGNORE_USERS]).toEqual(['@bridge:example.org', '@otherbot:else.org']);
    expect(configSchema.parse({}).MATRIX_IGNORE_USERS.size).toBe(0);
    expect(configSchema.safeParse({ MATRIX_IGNORE_USERS: 'otherbot' }).success).toBe(false);
  });
});
