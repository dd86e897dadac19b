import { describeActionExamples } from './__testUtils__/describeActionExamples';
import { createTestClient } from './__testUtils__/fakeGitOpsBackend';
import { examples } from './setImage.examples';
import { createGitOpsSetImageAction } from './setImage';

describeActionExamples(
  'gitops:set-image',
  createGitOpsSetImageAction({ client: createTestClient() }),
  examples,
);
