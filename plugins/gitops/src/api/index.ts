export { gitOpsApiRef } from './GitOpsApi';
export type {
  DriftQuery,
  GitOpsApi,
  StatusSubscriber,
  StatusUpdateMode,
} from './GitOpsApi';
export { GitOpsClient } from './GitOpsClient';
export { GateFailedError } from './GateFailedError';
