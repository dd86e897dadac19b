import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * A scaffolder action context for the GitOps actions: the template's user (credentials and
 * `ctx.user`), dry-run flag and an optional checkpoint store shared between runs.
 */
export function createGitOpsActionContext<TInput extends JsonObject>(options: {
  input: TInput;
  userRef?: string;
  isDryRun?: boolean;
  checkpoint?: <T>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }) => Promise<T>;
}) {
  const userRef = options.userRef ?? 'user:default/mock';
  const base = createMockActionContext<TInput>({
    input: options.input,
    user: { ref: userRef },
  });
  return {
    ...base,
    isDryRun: options.isDryRun ?? false,
    getInitiatorCredentials: async () => mockCredentials.user(userRef),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  } as typeof base;
}

/** The outputs an action wrote, as an object. */
export function outputsOf(ctx: { output: unknown }): Record<string, unknown> {
  const calls = (ctx.output as jest.Mock).mock.calls as Array<
    [string, unknown]
  >;
  return Object.fromEntries(calls);
}
