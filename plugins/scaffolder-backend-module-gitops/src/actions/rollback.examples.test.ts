import { describeActionExamples } from './__testUtils__/describeActionExamples';
import { createTestClient } from './__testUtils__/fakeGitOpsBackend';
import { examples } from './rollback.examples';
import { createGitOpsRollbackAction } from './rollback';

describeActionExamples(
  'gitops:rollback',
  createGitOpsRollbackAction({ client: createTestClient() }),
  examples,
);
