import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { validate } from 'jsonschema';
import { setupServer } from 'msw/node';
import { createGitOpsActionContext } from './__testUtils__/actionContext';
import {
  exampleSteps,
  usesTemplateExpressions,
} from './__testUtils__/exampleSteps';
import {
  createTestClient,
  fakeGitOpsBackend,
} from './__testUtils__/fakeGitOpsBackend';
import { examples } from './onboardService.examples';
import { createGitOpsOnboardServiceAction } from './onboardService';

describe('gitops:onboard-service examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const action = createGitOpsOnboardServiceAction({
    client: createTestClient(),
  });
  const steps = exampleSteps(examples);

  it('has examples whose steps all use the action', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeGreaterThanOrEqual(examples.length);
    for (const step of steps) {
      expect(step.action).toBe('gitops:onboard-service');
    }
  });

  it('has inputs that pass the schema the scaffolder validates with', () => {
    for (const step of steps) {
      const result = validate(step.input, action.schema!.input!);
      expect(result.errors.map(e => e.stack)).toEqual([]);
    }
  });

  it('runs its literal examples as a dry run', async () => {
    const literal = steps.filter(s => !usesTemplateExpressions(s.input));
    expect(literal.length).toBeGreaterThan(0);
    for (const step of literal) {
      const backend = fakeGitOpsBackend({
        entities: ['component:default/gateway', 'component:default/ledger'],
      });
      server.use(...backend.handlers);
      const ctx = createGitOpsActionContext({
        input: step.input as any,
        isDryRun: true,
      });
      await action.handler(ctx);
      expect(backend.received).toHaveLength(1);
      expect(ctx.output).toHaveBeenCalledWith('state', 'dry-run');
    }
  });
});
