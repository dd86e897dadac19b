import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  type FakeBackendOptions,
  fakeGitOpsBackend,
} from './fakeGitOpsBackend';

/** What {@link setupGitOpsBackendServer} returns. */
export interface GitOpsBackendServer {
  /** The msw server, for tests that install their own handlers. */
  server: ReturnType<typeof setupServer>;
  /** Installs a fresh {@link fakeGitOpsBackend} for the current test and returns it. */
  serveFakeBackend(
    options?: FakeBackendOptions,
  ): ReturnType<typeof fakeGitOpsBackend>;
}

/**
 * An msw server for one test file, registered with jest's hooks (handlers reset after each
 * test), that serves fake GitOps backends. Call it inside the file's `describe`.
 */
export function setupGitOpsBackendServer(): GitOpsBackendServer {
  const server = setupServer();
  registerMswTestHooks(server);
  return {
    server,
    serveFakeBackend(options) {
      const backend = fakeGitOpsBackend(options);
      server.use(...backend.handlers);
      return backend;
    },
  };
}
