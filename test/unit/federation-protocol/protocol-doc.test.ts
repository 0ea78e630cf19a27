import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EVENT_TYPES } from '../../../src/core/federation-protocol/index.js';

const doc = readFileSync(new URL('../../../docs/FEDERATION-PROTOCOL.md', import.meta.url), 'utf8');

describe('docs/FEDERATION-PROTOCOL.md stays true to the code', () => {
  it('GIVEN every event type and error code the code knows THEN the protocol document names it', () => {
    expect(EVENT_TYPES.filter((t) => !doc.includes(`\`${t}\``))).toEqual([]);
    expect(ERROR_CODES.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });

  it('GIVEN the document names an org.plenary type THEN the code knows it', () => {
    const named = new Set([...doc.matchAll(/`(org\.plenary\.[a-z_]+)`/g)].map((m) => m[1]!));
    expect([...named].filter((t) => !(EVENT_TYPES as string[]).includes(t))).toEqual([]);
  });
});
