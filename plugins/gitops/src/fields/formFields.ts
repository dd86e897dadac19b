import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  GitOpsDigestPicker,
  GitOpsDigestPickerFieldSchema,
  gitOpsDigestPickerValidation,
} from './GitOpsDigestPicker';
import {
  GitOpsEnvironmentPicker,
  GitOpsEnvironmentPickerFieldSchema,
} from './GitOpsEnvironmentPicker';

/**
 * `ui:field: GitOpsEnvironmentPicker` for the new frontend system (loaded lazily by the
 * form field extension).
 *
 * @alpha
 */
export const GitOpsEnvironmentPickerFormField = createFormField({
  name: 'GitOpsEnvironmentPicker',
  component: GitOpsEnvironmentPicker,
  schema: GitOpsEnvironmentPickerFieldSchema,
});

/**
 * `ui:field: GitOpsDigestPicker` for the new frontend system (loaded lazily by the form field
 * extension).
 *
 * @alpha
 */
export const GitOpsDigestPickerFormField = createFormField({
  name: 'GitOpsDigestPicker',
  component: GitOpsDigestPicker,
  validation: gitOpsDigestPickerValidation,
  schema: GitOpsDigestPickerFieldSchema,
});
