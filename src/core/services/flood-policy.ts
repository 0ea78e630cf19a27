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

/** What each limit counts, as the catalogue's select key (`policy.refused.flood`: "commands per member per minute", …). */
export const FLOOD_UNITS = {
  'flood-member-commands': 'member_commands',
  'flood-member-motions': 'member_motions',
  'flood-room-commands': 'room_commands',
  'flood-room-motions': 'room_motions',
} as const satisfies Record<FloodKey, string>;
