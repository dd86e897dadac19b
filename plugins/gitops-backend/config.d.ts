export interface Config {
  /** Configuration of the GitOps plugin. */
  gitops?: {
    /** The GitOps repository that holds the desired state of every environment. */
    repository: {
      /**
       * URL of the repository on GitHub, GitHub Enterprise or GitLab. Credentials come from
       * Backstage's `integrations` for its host.
       * @visibility frontend
       */
      url: string;
      /**
       * Branch that Argo CD follows; pull requests target it. Default `main`.
       * @visibility frontend
       */
      branch?: string;
      /**
       * Folder of one service in one environment, with `{environment}` and `{service}`
       * placeholders. Default `envs/{environment}/{service}`.
       */
      layout?: string;
      /**
       * Least time between two writes to the Git host, in milliseconds. GitHub asks for one
       * second (secondary rate limits); a local test host can use less. Default 1000.
       */
      minWriteIntervalMs?: number;
    };
    /**
     * Environments in promotion order: each promotes from the one before.
     * @visibility frontend
     */
    environments: Array<{
      /** @visibility frontend */
      name: string;
      /**
       * Merge the pull request as soon as it is opened (the CI-bot flow of dev).
       * @visibility frontend
       */
      autoMerge?: boolean;
      /**
       * Approvals the pull request needs; shown in its body. Such a pull request is never auto-merged.
       * @visibility frontend
       */
      approvals?: number;
    }>;
    /** Argo CD instances, one per cluster group. */
    argocd?: {
      instances: Array<{
        /** Name of the instance, as `argocd/instance-name` annotations refer to it. */
        name: string;
        /** Base URL of the Argo CD API server. */
        url: string;
        /** URL of the Argo CD UI, for links; defaults to `url`. */
        frontendUrl?: string;
        /**
         * Bearer token of an Argo CD account (an API key).
         * @visibility secret
         */
        token?: string;
        /** Local user for the session API when no token is given. */
        username?: string;
        /**
         * Password of that user.
         * @visibility secret
         */
        password?: string;
        /** Timeout of one call to this instance, in milliseconds. Default 5000. */
        timeout?: number;
        /**
         * Timeout of a full list of the instance's applications, in milliseconds (a list of
         * thousands of applications takes longer than one call). Default 30000, or `timeout`
         * when that is longer.
         */
        listTimeout?: number;
        /** Namespaces of Applications outside the control plane ("apps in any namespace"). */
        appNamespaces?: string[];
      }>;
      /** How often every instance's applications are listed in full, in seconds. Default 300. */
      fullListIntervalSeconds?: number;
      /**
       * Longest silence of a watch stream before it is reconnected, in seconds. Default 120;
       * raise it behind proxies that hold idle streams longer, lower it to notice a stalled
       * stream sooner.
       */
      watchIdleTimeoutSeconds?: number;
    };
    /** How often open pull requests are followed to merged and deployed, in seconds. Default 30. */
    recordsReconcileIntervalSeconds?: number;
  };
}
