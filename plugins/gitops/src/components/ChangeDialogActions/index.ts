export { ChangeDialogActions } from './ChangeDialogActions';
export type { ChangeDialogActionsProps } from './ChangeDialogActions';
