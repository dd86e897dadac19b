import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * A catalog entity's namespace, kind or name as it may stand in a route path: a letter or
 * digit first, then letters, digits, `.`, `_` and `-`.
 *
 * @public
 */
export const ENTITY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The route parameters `:namespace/:kind/:name` that name a catalog entity.
 *
 * @public
 */
export const entityRouteParams = z.object({
  namespace: z
    .string()
    .max(253)
    .regex(ENTITY_NAME_PATTERN, 'not an entity namespace'),
  kind: z.string().max(253).regex(ENTITY_NAME_PATTERN, 'not an entity kind'),
  name: z.string().max(253).regex(ENTITY_NAME_PATTERN, 'not an entity name'),
});

/**
 * Parses request input (path parameters, query or body) with zod. The first problem becomes
 * a 400 `InputError` worded `Invalid <what> '<field>': <problem>` (without the field when
 * the whole value is wrong), e.g. `Invalid parameter 'name': not an entity name`.
 *
 * @param schema - what the input must be
 * @param value - the input as the request carried it
 * @param what - what the input is, for the message: `parameter`, `query parameter`, `request body`
 * @public
 */
export function parseRequestInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(describeIssue(issue, value, what));
}

function describeIssue(
  issue: z.core.$ZodIssue | undefined,
  value: unknown,
  what: string,
): string {
  if (!issue) return `Invalid ${what}`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(k => `'${k}'`).join(', ');
    return `Invalid ${what} ${keys}: not allowed`;
  }
  const field = issue.path.map(String).join('.');
  const problem =
    issue.code === 'invalid_type'
      ? typeProblem(issue.expected, valueAt(value, issue.path))
      : issue.message;
  return field
    ? `Invalid ${what} '${field}': ${problem}`
    : `Invalid ${what}: ${problem}`;
}

/** Zod's own invalid-type wording names no field and says "received undefined" for a gap. */
function typeProblem(expected: string, actual: unknown): string {
  if (actual === undefined) return 'is missing';
  if (Array.isArray(actual) && expected !== 'array') {
    return `must be a single ${expected}, not a list`;
  }
  return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
