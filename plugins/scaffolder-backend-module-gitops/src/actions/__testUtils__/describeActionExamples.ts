/* eslint-disable jest/no-export -- a shared test declaration: it declares its tests only when a
   test file calls it, so importing it runs nothing twice (the rule's concern). */
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { validate } from 'jsonschema';
import { createGitOpsActionContext } from './actionContext';
import { exampleSteps, usesTemplateExpressions } from './exampleSteps';
import { setupGitOpsBackendServer } from './gitOpsBackendServer';

/**
 * The checks every GitOps action's examples pass: at least two examples whose steps all use
 * `actionId`, inputs valid against the action's input schema, and literal (template-free) steps
 * that run as a dry run against a fake backend and output the dry-run state.
 */
export function describeActionExamples(
  actionId: string,
  action: TemplateAction<any, any>,
  examples: TemplateExample[],
): void {
  describe(`${actionId} examples`, () => {
    const gitops = setupGitOpsBackendServer();
    const steps = exampleSteps(examples);

    it('has examples whose steps all use the action', () => {
      expect(examples.length).toBeGreaterThanOrEqual(2);
      expect(steps.length).toBeGreaterThanOrEqual(examples.length);
      for (const step of steps) {
        expect(step.action).toBe(actionId);
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
        const backend = gitops.serveFakeBackend({
          entities: ['component:default/gateway', 'component:default/ledger'],
        });
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
}
