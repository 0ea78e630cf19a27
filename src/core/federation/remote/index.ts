export { onLinkRoomOpened } from './child.js';
export { relayForCarrier, relayReceiver, relayReceiverHooks } from './hooks.js';
export { decodeRemoteInvitation, encodeRemoteInvitation, type RemoteInvitation } from './invitation-code.js';
export { issueRemoteInvitation } from './parent.js';
export { ballotsSha256 } from './report.js';
export { checkRecall, RECALL_CHECK_KIND, RECALL_CONFIRM_MS, recallCheckRow, recallNotices } from './recall-watch.js';
export { DEFAULT_REMOTE_PARENT_POLICY, sweepRemoteParents, type DormancySweep, type RemoteParentPolicy } from './dormancy.js';
export { announceDirectory, announceRoomOf, type AnnounceRoomData } from './announce.js';
export { largeReferralText, referralText, tellHeldReferralText } from './media.js';
