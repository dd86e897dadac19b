/* eslint-disable jest/no-export -- a shared test declaration: it declares its tests only when a
   test file calls it, so importing it runs nothing twice (the rule's concern). */
import { InputError } from '@backstage/errors';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { createGitOpsActionContext } from './actionContext';
import type { GitOpsBackendServer } from './gitOpsBackendServer';

/**
 * One test per case: the action refuses the input with an InputError whose message matches,
 * and the backend receives no request.
 */
export function itRejectsBadInputWithoutCallingTheBackend(
  gitops: GitOpsBackendServer,
  action: TemplateAction<any, any>,
  cases: Array<[JsonObject, RegExp]>,
): void {
  it.each(cases)(
    'rejects bad input %j without calling the backend',
    async (input, message) => {
      const backend = gitops.serveFakeBackend();

      const error = await action
        .handler(createGitOpsActionContext({ input }))
        .catch(e => e);

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
      expect(backend.received).toEqual([]);
    },
  );
}
