import { describeActionExamples } from './__testUtils__/describeActionExamples';
import { createTestClient } from './__testUtils__/fakeGitOpsBackend';
import { examples } from './onboardService.examples';
import { createGitOpsOnboardServiceAction } from './onboardService';

describeActionExamples(
  'gitops:onboard-service',
  createGitOpsOnboardServiceAction({ client: createTestClient() }),
  examples,
);
