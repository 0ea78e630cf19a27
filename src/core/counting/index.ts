/**
 * Vote counting: pure functions from ballots to results, with no I/O.
 * Candidate and option indexes are 0-based here; BLT files and JSON output
 * use 1-based numbers, converted at the edges.
 */
export { groupRankings, toGroups, type BallotGroup, type RankedBallots, type Ranking } from './ballots.js';
export { countYesNo, meetsShare, shareFromRatio, NO_QUORUM, SIMPLE_MAJORITY, TWO_THIRDS } from './yes-no.js';
export type { Comparison, Share, YesNoChoice, YesNoInput, YesNoReason, YesNoResult, YesNoTally } from './yes-no.js';
export { countApproval, type ApprovalCount, type ApprovalInput, type ApprovalResult } from './approval.js';
export { countIrv, type IrvInput, type IrvResult, type IrvRound } from './irv.js';
export { countStv, SCALE, type StvAction, type StvInput, type StvResult, type StvStage } from './stv.js';
export { parseBlt, toBlt, bltToStvInput, type BltElection, type BltError } from './blt.js';
export { createLot, hashText, seedFromBallots, type Lot } from './lot.js';
export type { PriorStageRule, TieBreak } from './tie-break.js';
