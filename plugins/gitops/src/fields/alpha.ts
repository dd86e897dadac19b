export {
  gitopsEnvironmentPickerFormField,
  gitopsDigestPickerFormField,
} from './formFieldExtensions';
export {
  GitOpsEnvironmentPickerFormField,
  GitOpsDigestPickerFormField,
} from './formFields';
