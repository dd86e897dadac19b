export {
  GitOpsEnvironmentPicker,
  GitOpsEnvironmentPickerFieldSchema,
  type GitOpsEnvironmentPickerProps,
  type GitOpsEnvironmentPickerUiOptions,
} from './GitOpsEnvironmentPicker';
export {
  GitOpsDigestPicker,
  GitOpsDigestPickerFieldSchema,
  gitOpsDigestPickerValidation,
  type GitOpsDigestPickerProps,
  type GitOpsDigestPickerUiOptions,
} from './GitOpsDigestPicker';
export {
  GitOpsEnvironmentPickerFieldExtension,
  GitOpsDigestPickerFieldExtension,
} from './legacyExtensions';
