import { MAX_REMINDERS, MAX_VOTING_HOURS, type Policy } from '../model/policy.js';
import { ok, type Result } from '../shared/result.js';
import { LIMITS } from '../shared/text.js';
import { parseLanguageTag, parseTimeZone } from '../i18n/locales.js';
import { errT } from '../i18n/localized.js';

/**
 * The `assembly policy` keys of members' experience: how far a deadline may
 * be extended, when reminders go out, whether motions open a discussion
 * thread. Kept beside `applyPolicyChange` so both the facilitator command and
 * a passed policy motion set them.
 */
export const MEMBER_POLICY_KEYS = ['extend-hours', 'reminders', 'threads', 'election-candidates', 'language', 'timezone'] as const;
export type MemberPolicyKey = (typeof MEMBER_POLICY_KEYS)[number];

export const isMemberPolicyKey = (key: string): key is MemberPolicyKey => (MEMBER_POLICY_KEYS as readonly string[]).includes(key);

const ON = ['true', 'yes', 'on', '1'];
const OFF = ['false', 'no', 'off', '0'];

/** "24,1" → [24, 1]; "off", "none" or "0" → []. Distinct whole hours, latest first. */
export function parseReminders(value: string): Result<number[]> {
  const v = value.trim().toLowerCase();
  if (['off', 'none', '0', ''].includes(v)) return ok([]);
  const parts = v.split(/[\s,]+/).filter((p) => p !== '');
  const hours: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > MAX_VOTING_HOURS) return errT('bad-input', 'policy.refused.reminders', { max: MAX_VOTING_HOURS, given: p });
    if (!hours.includes(Number(p))) hours.push(Number(p));
  }
  if (hours.length > MAX_REMINDERS) return errT('bad-input', 'policy.refused.remindersMany', { max: MAX_REMINDERS });
  return ok(hours.sort((a, b) => b - a));
}

export function applyMemberPolicy(next: Policy, key: MemberPolicyKey, value: string): Result<Policy> {
  switch (key) {
    case 'extend-hours': {
      const n = Number(value);
      if (!/^\s*\d{1,5}\s*$/.test(value) || n > MAX_VOTING_HOURS) return errT('bad-input', 'policy.refused.extendHours', { max: MAX_VOTING_HOURS });
      return ok({ ...next, extendHours: n });
    }
    case 'reminders': {
      const r = parseReminders(value);
      return r.ok ? ok({ ...next, reminders: r.value }) : r;
    }
    case 'election-candidates': {
      const n = Number(value);
      // One line of the ranked ballot is "Re-open nominations".
      const most = LIMITS.rankedOptions - 1;
      if (!/^\s*\d{1,3}\s*$/.test(value) || n === 1 || n > most) return errT('bad-input', 'policy.refused.electionCandidates', { most });
      return ok({ ...next, electionCandidates: n });
    }
    case 'language': {
      const tag = parseLanguageTag(value);
      return tag.ok ? ok({ ...next, language: tag.value }) : tag;
    }
    case 'timezone': {
      const zone = parseTimeZone(value);
      return zone.ok ? ok({ ...next, timeZone: zone.value }) : zone;
    }
    case 'threads': {
      const v = value.trim().toLowerCase();
      if (!ON.includes(v) && !OFF.includes(v)) return errT('bad-input', 'policy.refused.threads');
      return ok({ ...next, threads: ON.includes(v) });
    }
  }
}
