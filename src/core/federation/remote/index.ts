export { onLinkRoomOpened } from './child.js';
export { relayForCarrier, relayReceiver, relayReceiverHooks } from './hooks.js';
export { decodeRemoteInvitation, encodeRemoteInvitation, type RemoteInvitation } from './invitation-code.js';
export { issueRemoteInvitation } from './parent.js';
export { ballotsSha256 } from './report.js';
export { checkRecall, RECALL_CHECK_KIND, RECALL_CONFIRM_MS, recallCheckRow, recallNotices } from './recall-watch.js';
