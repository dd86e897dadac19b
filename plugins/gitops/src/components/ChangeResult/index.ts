export { ChangeResult, ChangeStateChip } from './ChangeResult';
