import { describeActionExamples } from './__testUtils__/describeActionExamples';
import { createTestClient } from './__testUtils__/fakeGitOpsBackend';
import { examples } from './promote.examples';
import { createGitOpsPromoteAction } from './promote';

describeActionExamples(
  'gitops:promote',
  createGitOpsPromoteAction({ client: createTestClient() }),
  examples,
);
