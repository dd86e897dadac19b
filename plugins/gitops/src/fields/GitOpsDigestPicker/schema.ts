import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * Field schema of `GitOpsDigestPicker`: an image digest from an environment's pin history, and
 * the `ui:options` it reads.
 *
 * @public
 */
export const GitOpsDigestPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string().describe('An image digest, sha256: and 64 lowercase hex'),
  uiOptions: z =>
    z.object({
      entityRefField: z
        .string()
        .optional()
        .describe(
          'Form field holding the entity reference (default: entityRef)',
        ),
      environmentField: z
        .string()
        .optional()
        .describe(
          'Form field holding the environment whose history is listed (default: environment)',
        ),
      environment: z
        .string()
        .optional()
        .describe('A fixed environment, instead of environmentField'),
      excludeCurrent: z
        .boolean()
        .optional()
        .describe(
          'Leave out the digest the environment pins now (for rollbacks)',
        ),
    }),
});

/**
 * Props of `GitOpsDigestPicker`.
 *
 * @public
 */
export type GitOpsDigestPickerProps =
  typeof GitOpsDigestPickerFieldSchema.TProps;

/**
 * `ui:options` of `GitOpsDigestPicker`.
 *
 * @public
 */
export type GitOpsDigestPickerUiOptions = NonNullable<
  GitOpsDigestPickerProps['uiSchema']['ui:options']
>;
