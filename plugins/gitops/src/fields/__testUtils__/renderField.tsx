import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ComponentType } from 'react';

/** Base URL of the GitOps backend in field tests. */
export const GITOPS_BASE = 'http://backstage.test/api/gitops';

/** Configured environments, as `GET /v1/config` answers. */
export const testConfig = {
  environments: [
    { name: 'dev', autoMerge: true, approvals: 0 },
    { name: 'staging', autoMerge: false, approvals: 0 },
    { name: 'prod', autoMerge: false, approvals: 2 },
  ],
  repository: { url: 'http://localhost:7010/acme/gitops', branch: 'main' },
};

/**
 * Renders a scaffolder field with the props the scaffolder form passes (schema, uiSchema,
 * formData, formContext with the whole form's data) and real discovery/fetch APIs.
 */
export async function renderField<P>(
  Field: ComponentType<P>,
  props: {
    schema?: Record<string, unknown>;
    uiOptions?: Record<string, unknown>;
    formData?: unknown;
    formValues?: Record<string, unknown>;
    onChange?: jest.Mock;
  },
) {
  const onChange = props.onChange ?? jest.fn();
  const fieldProps = {
    schema: { type: 'string', ...props.schema },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    idSchema: { $id: 'root_field' },
    formData: props.formData,
    formContext: { formData: props.formValues ?? {} },
    onChange,
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    rawErrors: [],
    required: true,
    disabled: false,
    readonly: false,
    name: 'field',
  } as unknown as P;
  const result = await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
        ],
        [fetchApiRef, new MockFetchApi()],
      ]}
    >
      <Field {...(fieldProps as any)} />
    </TestApiProvider>,
  );
  return { ...result, onChange };
}
