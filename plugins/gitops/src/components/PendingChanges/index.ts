export { PendingChanges, changeTitle, isPendingChange } from './PendingChanges';
