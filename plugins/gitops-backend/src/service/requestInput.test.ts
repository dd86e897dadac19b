import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { entityRouteParams, parseRequestInput } from './requestInput';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseRequestInput', () => {
  it('returns the parsed value when the input is valid', () => {
    const params = { namespace: 'default', kind: 'Component', name: 'a.b_c-1' };
    expect(parseRequestInput(entityRouteParams, params, 'parameter')).toEqual(
      params,
    );
    const coerced = z.object({ limit: z.coerce.number() });
    expect(
      parseRequestInput(coerced, { limit: '7' }, 'query parameter'),
    ).toEqual({ limit: 7 });
  });

  it.each([
    ['namespace', '-x', 'not an entity namespace'],
    ['kind', 'a/b', 'not an entity kind'],
    ['name', 'bad name', 'not an entity name'],
  ])('names the entity parameter %s and its problem', (field, bad, problem) => {
    const params = { namespace: 'default', kind: 'component', name: 'ok' };
    expect(
      messageOf(() =>
        parseRequestInput(
          entityRouteParams,
          { ...params, [field]: bad },
          'parameter',
        ),
      ),
    ).toBe(`Invalid parameter '${field}': ${problem}`);
  });

  it('says a field is missing, or not of its type, or repeated', () => {
    const schema = z.object({ to: z.string(), dryRun: z.boolean().optional() });
    expect(messageOf(() => parseRequestInput(schema, {}, 'request body'))).toBe(
      "Invalid request body 'to': is missing",
    );
    expect(
      messageOf(() =>
        parseRequestInput(schema, { to: 'x', dryRun: 'yes' }, 'request body'),
      ),
    ).toBe("Invalid request body 'dryRun': must be a boolean");
    expect(
      messageOf(() =>
        parseRequestInput(schema, { to: ['a', 'b'] }, 'query parameter'),
      ),
    ).toBe("Invalid query parameter 'to': must be a single string, not a list");
  });

  it('names the keys a strict object does not allow', () => {
    const schema = z.strictObject({ to: z.string() });
    expect(
      messageOf(() =>
        parseRequestInput(schema, { to: 'x', force: true }, 'request body'),
      ),
    ).toBe("Invalid request body 'force': not allowed");
  });

  it('names the nested field, and only the input when the whole value is wrong', () => {
    const nested = z.object({
      a: z.object({ b: z.string().min(2, 'too short') }),
    });
    expect(
      messageOf(() =>
        parseRequestInput(nested, { a: { b: 'x' } }, 'request body'),
      ),
    ).toBe("Invalid request body 'a.b': too short");
    expect(
      messageOf(() => parseRequestInput(z.uuid(), 'nope', 'record id')),
    ).toMatch(/^Invalid record id: \S/);
  });

  it('treats absent input as an empty object', () => {
    const schema = z.object({ limit: z.number().optional() });
    expect(parseRequestInput(schema, undefined, 'query parameter')).toEqual({});
  });
});
