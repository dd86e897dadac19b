import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The scaffolder form field `GitOpsEnvironmentPicker` (extension
 * `scaffolder-form-field:gitops/environment-picker`).
 *
 * @alpha
 */
export const gitopsEnvironmentPickerFormField = FormFieldBlueprint.make({
  name: 'environment-picker',
  params: {
    field: () =>
      import('./formFields').then(m => m.GitOpsEnvironmentPickerFormField),
  },
});

/**
 * The scaffolder form field `GitOpsDigestPicker` (extension
 * `scaffolder-form-field:gitops/digest-picker`).
 *
 * @alpha
 */
export const gitopsDigestPickerFormField = FormFieldBlueprint.make({
  name: 'digest-picker',
  params: {
    field: () =>
      import('./formFields').then(m => m.GitOpsDigestPickerFormField),
  },
});
