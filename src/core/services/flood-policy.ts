import type { Policy } from '../model/policy.js';

/** The `assembly policy` keys of the flood limits and the policy field each sets. */
export const FLOOD_KEYS = ['flood-member-commands', 'flood-member-motions', 'flood-room-commands', 'flood-room-motions'] as const;
export type FloodKey = (typeof FLOOD_KEYS)[number];

export const FLOOD_FIELDS: Record<FloodKey, keyof Policy['flood']> = {
  'flood-member-commands': 'memberCommandsPerMinute',
  'flood-member-motions': 'memberMotionsPerHour',
  'flood-room-commands': 'roomCommandsPerMinute',
  'flood-room-motions': 'roomMotionsPerHour',
};

export const FLOOD_UNITS: Record<FloodKey, string> = {
  'flood-member-commands': 'commands per member per minute',
  'flood-member-motions': 'motions moved per member per hour',
  'flood-room-commands': 'commands per room per minute',
  'flood-room-motions': 'motions moved per room per hour',
};
