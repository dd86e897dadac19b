import { startTestBackend } from '@backstage/backend-test-utils';
import {
  type TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleGitops } from './module';

describe('scaffolderModuleGitops', () => {
  it('registers the four GitOps actions with the scaffolder', async () => {
    const added: TemplateAction<any, any>[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions: any[]) => added.push(...actions) },
        ],
      ],
      features: [scaffolderModuleGitops],
    });

    expect(added.map(a => a.id)).toEqual([
      'gitops:promote',
      'gitops:rollback',
      'gitops:set-image',
      'gitops:onboard-service',
    ]);
    for (const action of added) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.output).toMatchObject({
        properties: expect.objectContaining({
          pullRequestUrl: expect.objectContaining({
            description: expect.any(String),
          }),
        }),
      });
    }
    await backend.stop();
  });
});
