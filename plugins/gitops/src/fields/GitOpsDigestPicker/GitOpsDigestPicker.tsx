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
import { getPinHistory, messageOf } from '../gitopsRequests';
import { digestChoices } from './digestChoices';
import type { GitOpsDigestPickerProps } from './schema';

/**
 * Scaffolder field that picks an image digest from the pin history of an entity in one
 * environment (the entity and environment come from other fields of the form).
 *
 * @public
 */
export const GitOpsDigestPicker = (props: GitOpsDigestPickerProps) => {
  const {
    onChange,
    schema: { title = 'Image digest', description },
    required,
    uiSchema,
    rawErrors,
    formData,
    formContext,
    idSchema,
    disabled,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const values = formContext?.formData ?? {};
  const entityRef: string | undefined =
    values[options.entityRefField ?? 'entityRef'] || undefined;
  const environment: string | undefined =
    options.environment ??
    (values[options.environmentField ?? 'environment'] || undefined);
  const excludeCurrent = Boolean(options.excludeCurrent);

  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(async () => {
    if (!entityRef || !environment) return undefined;
    const history = await getPinHistory(
      { discoveryApi, fetchApi },
      entityRef,
      environment,
    );
    return digestChoices(history.items, { excludeCurrent });
  }, [discoveryApi, fetchApi, entityRef, environment, excludeCurrent]);

  const digests = useMemo(() => value?.map(choice => choice.digest), [value]);
  // A digest of another entity or environment is cleared when those change.
  useEffect(() => {
    if (digests && formData && !digests.includes(formData)) {
      onChange(undefined);
    }
  }, [digests, formData, onChange]);

  const id = idSchema?.$id ?? 'gitops-digest-picker';
  let helperText: string | undefined = description;
  if (!entityRef || !environment) {
    helperText = 'Pick the entity and the environment first';
  } else if (loading) {
    helperText = `Loading the pin history of ${environment}…`;
  } else if (error) {
    helperText = `Could not load the pin history of ${environment}: ${messageOf(
      error,
    )}`;
  } else if (value && value.length === 0) {
    helperText = excludeCurrent
      ? `${environment} has pinned no other digest to go back to`
      : `${environment} has no pin history`;
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0 || Boolean(error)}
      disabled={disabled || !value || value.length === 0}
    >
      <InputLabel id={`${id}-label`}>{title}</InputLabel>
      <Select
        id={id}
        labelId={`${id}-label`}
        value={formData && digests?.includes(formData) ? formData : ''}
        renderValue={v =>
          value?.find(choice => choice.digest === v)?.label ?? String(v)
        }
        onChange={event => onChange(event.target.value as string)}
      >
        {(value ?? []).map(choice => (
          <MenuItem key={choice.digest} value={choice.digest}>
            <ListItemText primary={choice.label} secondary={choice.detail} />
          </MenuItem>
        ))}
      </Select>
      {helperText && <FormHelperText>{helperText}</FormHelperText>}
    </FormControl>
  );
};
