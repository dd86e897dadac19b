export interface Config {
  permission?: {
    /** The portal's permission policy for GitOps changes (packages/backend/src/permissions). */
    gitopsPolicy?: {
      /** Groups (entity refs) whose members may change any environment, prod included. */
      releaseManagers?: string[];
      /** Environments the owners of an entity may promote it to; default: all but the last. */
      ownerEnvironments?: string[];
    };
  };
}
