import { z } from 'zod';

/**
 * An assembly's own settings. Stored as JSON on the assembly; changed only by a
 * `policy` motion (or a facilitator at setup, before anyone has joined).
 */
export const ratioSchema = z.object({
  num: z.number().int().min(0),
  den: z.number().int().min(1),
  /** true: the share must be strictly greater (simple majority = more than 1/2). */
  strict: z.boolean().default(false),
});
export type Ratio = z.infer<typeof ratioSchema>;

export const MOTION_KINDS = [
  'resolution',
  'election',
  'recall',
  'admission',
  'exclusion',
  'proposal-draft',
  'proposal-response',
  'forward',
  'federation-join',
  'federation-leave',
  'policy',
  'mandate',
  'amend-law',
  'repeal-law',
  'annul',
  'require-leave',
  'committee',
  'committee-end',
] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

export const METHODS = ['yes-no-abstain', 'approval', 'ranked'] as const;
export type VotingMethod = (typeof METHODS)[number];

export const ADMISSIONS = ['open', 'approval', 'invite'] as const;

/** Who sees the assembly's pages in the web view: anyone, its members (by a personal link), or nobody. */
export const WEB_VISIBILITIES = ['public', 'members', 'off'] as const;
export type WebVisibility = (typeof WEB_VISIBILITIES)[number];
export type Admission = (typeof ADMISSIONS)[number];

export const kindDefaultsSchema = z.object({
  quorum: ratioSchema,
  threshold: ratioSchema,
  votingHours: z.number().int().min(1).max(24 * 90),
  secret: z.boolean(),
});
export type KindDefaults = z.infer<typeof kindDefaultsSchema>;

/** The longest voting period a motion may have, extensions included (90 days). */
export const MAX_VOTING_HOURS = 24 * 90;
/** Reminders per motion at most: more would be noise, not help. */
export const MAX_REMINDERS = 5;

/** A year: a longer gap would leave a rewrite unseen for longer than any record is argued over. */
export const MAX_CHECKPOINT_HOURS = 24 * 365;

export const policySchema = z.object({
  admission: z.enum(ADMISSIONS).default('open'),
  valuesStatement: z.string().max(2000).optional(),
  secondsRequired: z.number().int().min(0).max(50).default(0),
  /** Close a motion as soon as every active member has voted. */
  earlyClose: z.boolean().default(true),
  /**
   * Membership follows this platform role (a Discord role id) in the server of
   * the assembly's rooms: holders are members, losing it is leaving
   * (services/electorate.service.ts). Unset: members join by command.
   */
  electorateRole: z.string().regex(/^\d{1,25}$/).optional(),
  /** Remove an excluded member from the bound rooms (where the platform allows); with an electorate role, take the role too. */
  removeExcludedFromRooms: z.boolean().default(false),
  defaults: z.record(z.string(), kindDefaultsSchema.partial()).default({}),
  /**
   * Post the record's chain head in the bound rooms when it moved and the
   * last posted one is this many hours old (0: never; results still carry it).
   */
  checkpointHours: z.number().int().min(0).max(MAX_CHECKPOINT_HOURS).default(24),
  /** Who sees this assembly's pages in the web view (src/adapters/web); its own decision like every setting. */
  webVisibility: z.enum(WEB_VISIBILITIES).default('members'),
  /**
   * How many hours in all the mover or a facilitator may add to an open
   * motion's deadline (`motion extend`); 0: never. A deadline only moves later.
   */
  extendHours: z.number().int().min(0).max(MAX_VOTING_HOURS).default(72),
  /**
   * Hours before a motion closes at which those who have not voted are
   * reminded (in the rooms, and by direct message to who asked: `remind on`);
   * empty: no reminders. Kept sorted, latest first (24 before 1).
   */
  reminders: z.array(z.number().int().min(1).max(MAX_VOTING_HOURS)).max(MAX_REMINDERS).default([]),
  /**
   * The most candidates a delegate election takes (the earliest accepted
   * nominees; the others stay nominated for the next); 0: as many as a ranked
   * ballot holds. `election call --candidates` shortlists by name instead.
   */
  electionCandidates: z.number().int().min(0).max(100).default(0),
  /** Open a discussion thread under each motion's announcement, where the platform has threads. */
  threads: z.boolean().default(false),
  /**
   * The language of the assembly's rooms (a tag Plenary speaks: `en`, `es`,
   * `es-MX`…) and of personal replies of members who chose none; checked again
   * when used (core/i18n/audience.ts), so a row edited behind the program's back speaks English.
   */
  language: z.string().max(35).default('en'),
  /** The IANA time zone of dates in the assembly's messages (`Europe/Madrid`). */
  timeZone: z.string().max(64).default('UTC'),
  /**
   * Seats each member assembly holds here (assemblies of delegates). fixed:
   * `count` each. proportional: ceil(active members / membersPerSeat), at
   * least 1 and at most `max`, recomputed whenever an election is called.
   */
  seats: z
    .object({
      mode: z.enum(['fixed', 'proportional']).default('fixed'),
      count: z.number().int().min(1).max(50).default(1),
      membersPerSeat: z.number().int().min(1).max(1_000_000).default(100),
      max: z.number().int().min(1).max(50).default(5),
    })
    .default({ mode: 'fixed', count: 1, membersPerSeat: 100, max: 5 }),
  /**
   * Flood limits (services/flood.ts): per member and per room of this
   * assembly. Votes are not counted. Defaults fit a 5,000-member plenary.
   */
  flood: z
    .object({
      memberCommandsPerMinute: z.number().int().min(1).max(100_000).default(30),
      memberMotionsPerHour: z.number().int().min(1).max(100_000).default(20),
      roomCommandsPerMinute: z.number().int().min(1).max(1_000_000).default(1200),
      roomMotionsPerHour: z.number().int().min(1).max(100_000).default(60),
    })
    .default({ memberCommandsPerMinute: 30, memberMotionsPerHour: 20, roomCommandsPerMinute: 1200, roomMotionsPerHour: 60 }),
});
export type Policy = z.infer<typeof policySchema>;

const majority: Ratio = { num: 1, den: 2, strict: true };
const twoThirds: Ratio = { num: 2, den: 3, strict: false };
const noQuorum: Ratio = { num: 0, den: 1, strict: false };
const tenth: Ratio = { num: 1, den: 10, strict: false };

/** Built-in defaults per kind; DOMAIN.md §4-§6 (exclusion 2/3, elections and recalls secret). */
const BUILT_IN: Record<MotionKind, KindDefaults> = {
  resolution: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  election: { quorum: tenth, threshold: noQuorum, votingHours: 72, secret: true },
  recall: { quorum: tenth, threshold: majority, votingHours: 72, secret: true },
  admission: { quorum: noQuorum, threshold: majority, votingHours: 72, secret: false },
  exclusion: { quorum: tenth, threshold: twoThirds, votingHours: 72, secret: true },
  'proposal-draft': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'proposal-response': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  forward: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'federation-join': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'federation-leave': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  policy: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  mandate: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'amend-law': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'repeal-law': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  annul: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'require-leave': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  committee: { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
  'committee-end': { quorum: tenth, threshold: majority, votingHours: 72, secret: false },
};

export const defaultPolicy = (): Policy => policySchema.parse({});

export function kindDefaults(policy: Policy, kind: MotionKind): KindDefaults {
  const own = policy.defaults[kind] ?? {};
  const base = BUILT_IN[kind];
  return {
    quorum: own.quorum ?? base.quorum,
    threshold: own.threshold ?? base.threshold,
    votingHours: own.votingHours ?? base.votingHours,
    secret: own.secret ?? base.secret,
  };
}

export function formatRatio(r: Ratio): string {
  if (r.num === 0) return 'none';
  const pct = Math.round((r.num / r.den) * 1000) / 10;
  return `${r.strict ? 'more than' : 'at least'} ${r.num}/${r.den} (${pct}%)`;
}

/**
 * When the next periodic checkpoint may be posted: `hours` after the last one,
 * or at once (epoch) when none was ever posted (an unwitnessed chain is the
 * one a rewrite could change unseen); null when checkpoints are off. The
 * stores keep it as a column so one indexed query finds the due assemblies.
 */
export function checkpointDueAt(hours: number, lastPostedAt: Date | null): Date | null {
  if (hours <= 0) return null;
  return lastPostedAt ? new Date(lastPostedAt.getTime() + hours * 3_600_000) : new Date(0);
}
