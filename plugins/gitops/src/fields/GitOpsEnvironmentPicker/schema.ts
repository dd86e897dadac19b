import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * Field schema of `GitOpsEnvironmentPicker`: an environment name (or a list of them when the
 * parameter is an array), and the `ui:options` it reads.
 *
 * @public
 */
export const GitOpsEnvironmentPickerFieldSchema = makeFieldSchema({
  output: z =>
    z
      .union([z.string(), z.array(z.string())])
      .describe('An environment name, or several for an array parameter'),
  uiOptions: z =>
    z.object({
      promotionTargets: z
        .boolean()
        .optional()
        .describe(
          'Offer only environments the entity can be promoted into (those after another one whose pin differs)',
        ),
      entityRefField: z
        .string()
        .optional()
        .describe(
          'Form field holding the entity reference, for promotionTargets (default: entityRef)',
        ),
      allowedEnvironments: z
        .array(z.string())
        .optional()
        .describe('Offer only these environments'),
    }),
});

/**
 * Props of `GitOpsEnvironmentPicker`.
 *
 * @public
 */
export type GitOpsEnvironmentPickerProps =
  typeof GitOpsEnvironmentPickerFieldSchema.TProps;

/**
 * `ui:options` of `GitOpsEnvironmentPicker`.
 *
 * @public
 */
export type GitOpsEnvironmentPickerUiOptions = NonNullable<
  GitOpsEnvironmentPickerProps['uiSchema']['ui:options']
>;
