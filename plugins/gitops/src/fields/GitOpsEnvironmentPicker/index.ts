export { GitOpsEnvironmentPicker } from './GitOpsEnvironmentPicker';
export {
  GitOpsEnvironmentPickerFieldSchema,
  type GitOpsEnvironmentPickerProps,
  type GitOpsEnvironmentPickerUiOptions,
} from './schema';
