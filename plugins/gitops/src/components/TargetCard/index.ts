export { TargetCard } from './TargetCard';
export type { TargetCardProps } from './TargetCard';
