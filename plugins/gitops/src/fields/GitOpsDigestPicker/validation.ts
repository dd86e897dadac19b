import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { isDigest } from '@gitops-portal/plugin-gitops-common';

/**
 * Refuses a value that is not an image digest (the same check the GitOps actions make).
 *
 * @public
 */
export const gitOpsDigestPickerValidation: CustomFieldValidator<string> = (
  value,
  validation,
) => {
  if (value && !isDigest(value)) {
    validation.addError(
      `'${value}' is not an image digest: expected sha256: followed by 64 lowercase hex characters`,
    );
  }
};
