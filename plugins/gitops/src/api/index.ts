export { gitOpsApiRef } from './GitOpsApi';
export type {
  DriftQuery,
  GitOpsApi,
  StatusSubscriber,
  StatusSubscriptionOptions,
  StatusUpdateMode,
} from './GitOpsApi';
export { GitOpsClient } from './GitOpsClient';
export { GateFailedError } from './GateFailedError';
