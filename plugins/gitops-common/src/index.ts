/**
 * Shared types, permissions and helpers of the GitOps plugin.
 *
 * @packageDocumentation
 */

export * from './types/status';
export * from './types/promotion';
export * from './permissions';
export * from './permissionResourceRef';
export * from './annotations';
export * from './validation';
export * from './routes';
