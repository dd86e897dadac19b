/**
 * The GitOps plugin for the new frontend system.
 *
 * @packageDocumentation
 */

export { default } from './alpha/plugin';
export { gitOpsApi } from './alpha/apis';
export { gitOpsEntityContent } from './alpha/entityContent';
export { gitOpsEntityCard } from './alpha/entityCard';
