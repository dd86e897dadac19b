import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { gitopsPlugin } from '../plugin';
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
 * `ui:field: GitOpsEnvironmentPicker` for the legacy frontend system: place it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const GitOpsEnvironmentPickerFieldExtension = gitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GitOpsEnvironmentPicker',
    component: GitOpsEnvironmentPicker,
    schema: GitOpsEnvironmentPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: GitOpsDigestPicker` for the legacy frontend system: place it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const GitOpsDigestPickerFieldExtension = gitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GitOpsDigestPicker',
    component: GitOpsDigestPicker,
    validation: gitOpsDigestPickerValidation,
    schema: GitOpsDigestPickerFieldSchema.schema,
  }),
);
