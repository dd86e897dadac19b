import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { getEntityStatus, getGitOpsConfig, messageOf } from '../gitopsRequests';
import { environmentChoices } from './environmentChoices';
import type { GitOpsEnvironmentPickerProps } from './schema';

/**
 * Scaffolder field that picks one (or, for an array parameter, several) of the GitOps
 * environments configured in the backend, optionally only those the entity chosen in another
 * field can be promoted into.
 *
 * @public
 */
export const GitOpsEnvironmentPicker = (
  props: GitOpsEnvironmentPickerProps,
) => {
  const {
    onChange,
    schema: { title = 'Environment', description },
    required,
    uiSchema,
    rawErrors,
    formData,
    formContext,
    idSchema,
    disabled,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const multiple = props.schema.type === 'array';
  const promotionTargets = Boolean(options.promotionTargets);
  // A string key keeps the request from re-running for an equal but new array.
  const allowedKey = options.allowedEnvironments?.join(',');
  const entityRef: string | undefined = promotionTargets
    ? formContext?.formData?.[options.entityRefField ?? 'entityRef']
    : undefined;

  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(async () => {
    const apis = { discoveryApi, fetchApi };
    const config = await getGitOpsConfig(apis);
    // The entity's pins narrow the promotion targets; without them the order alone decides.
    const status = entityRef
      ? await getEntityStatus(apis, entityRef).catch(() => undefined)
      : undefined;
    return environmentChoices(
      config,
      {
        promotionTargets,
        allowed: allowedKey?.split(','),
      },
      status,
    );
  }, [discoveryApi, fetchApi, entityRef, promotionTargets, allowedKey]);

  const names = useMemo(() => value?.map(choice => choice.name), [value]);
  // A choice that is no longer offered (another entity was picked) is cleared.
  useEffect(() => {
    if (!names || formData === undefined) return;
    if (multiple && Array.isArray(formData)) {
      const kept = formData.filter(name => names.includes(name));
      if (kept.length !== formData.length) {
        onChange(kept.length > 0 ? kept : undefined);
      }
    } else if (typeof formData === 'string' && !names.includes(formData)) {
      onChange(undefined);
    }
  }, [names, formData, multiple, onChange]);

  const id = idSchema?.$id ?? 'gitops-environment-picker';
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  let helperText: string | undefined = description;
  if (loading) {
    helperText = 'Loading the GitOps environments…';
  } else if (error) {
    helperText = `Could not load the GitOps environments: ${messageOf(error)}`;
  } else if (value && value.length === 0) {
    helperText = promotionTargets
      ? 'Nothing to promote: every environment already runs the digest of the one before it'
      : 'No GitOps environment to choose from';
  }

  let selected: string | string[] = '';
  if (multiple) {
    selected = Array.isArray(formData) ? formData : [];
  } else if (typeof formData === 'string' && names?.includes(formData)) {
    selected = formData;
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={hasErrors || Boolean(error)}
      disabled={disabled || loading || Boolean(error)}
    >
      <InputLabel id={`${id}-label`}>{title}</InputLabel>
      <Select
        id={id}
        labelId={`${id}-label`}
        multiple={multiple}
        value={selected}
        renderValue={
          multiple ? v => (v as string[]).join(', ') : v => v as string
        }
        onChange={event => {
          const next = event.target.value as string | string[];
          if (Array.isArray(next)) {
            // No environment picked means "all of them" (the parameter is left out).
            onChange(next.length > 0 ? next : undefined);
          } else {
            onChange(next);
          }
        }}
      >
        {(value ?? []).map(choice => (
          <MenuItem key={choice.name} value={choice.name}>
            <ListItemText
              primary={choice.name}
              secondary={choice.detail ?? undefined}
            />
          </MenuItem>
        ))}
      </Select>
      {helperText && <FormHelperText>{helperText}</FormHelperText>}
    </FormControl>
  );
};
