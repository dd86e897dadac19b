export { GitOpsContent, GitOpsEntityView } from './GitOpsContent';
