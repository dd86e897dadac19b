export { GitOpsOverviewCard } from './GitOpsOverviewCard';
