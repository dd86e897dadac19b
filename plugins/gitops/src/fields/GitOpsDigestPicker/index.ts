export { GitOpsDigestPicker } from './GitOpsDigestPicker';
export {
  GitOpsDigestPickerFieldSchema,
  type GitOpsDigestPickerProps,
  type GitOpsDigestPickerUiOptions,
} from './schema';
export { gitOpsDigestPickerValidation } from './validation';
