import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import gitopsPlugin from '../alpha/plugin';
import {
  gitopsDigestPickerFormField,
  gitopsEnvironmentPickerFormField,
} from './formFieldExtensions';
import {
  GitOpsDigestPickerFormField,
  GitOpsEnvironmentPickerFormField,
} from './formFields';

describe('scaffolder form field extensions', () => {
  it('load their form fields lazily', async () => {
    const environmentLoader = createExtensionTester(
      gitopsEnvironmentPickerFormField,
    ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const digestLoader = createExtensionTester(gitopsDigestPickerFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );

    await expect(environmentLoader()).resolves.toBe(
      GitOpsEnvironmentPickerFormField,
    );
    await expect(digestLoader()).resolves.toBe(GitOpsDigestPickerFormField);
  });

  it('are part of the GitOps plugin for the new frontend system', () => {
    expect(
      gitopsPlugin.getExtension(
        'scaffolder-form-field:gitops/environment-picker',
      ),
    ).toBeDefined();
    expect(
      gitopsPlugin.getExtension('scaffolder-form-field:gitops/digest-picker'),
    ).toBeDefined();
  });
});
