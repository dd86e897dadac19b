export { DriftDrawer, groupBySyncWave } from './DriftDrawer';
export type { DriftTarget } from './DriftDrawer';
export { DiffView } from './DiffView';
export type { DiffLayout } from './DiffView';
