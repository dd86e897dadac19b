export { RollbackDialog } from './RollbackDialog';
export type { RollbackDialogProps } from './RollbackDialog';
export { RollbackButton } from './RollbackButton';
export type { RollbackButtonProps } from './RollbackButton';
