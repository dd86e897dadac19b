import { JsonListSplitter } from './JsonListSplitter';

/** Splits `body` fed in chunks of `size` bytes; returns the items and the skeleton. */
function split(body: string, size: number) {
  const bytes = new TextEncoder().encode(body);
  const items: unknown[] = [];
  const splitter = new JsonListSplitter(json => items.push(JSON.parse(json)));
  for (let i = 0; i < bytes.length; i += size) {
    splitter.push(bytes.subarray(i, i + size));
  }
  return { items, skeleton: splitter.end() };
}

const list = {
  metadata: { resourceVersion: '42', note: 'items: [not this]' },
  items: [
    { metadata: { name: 'a', labels: { 'x/y': 'é "quoted" \\ [ ] { }' } } },
    { spec: { sources: [{ repoURL: 'r' }, { repoURL: 's' }] } },
    null,
    'text, with ] and }',
    12.5,
    [1, [2]],
  ],
  trailer: { items: [1, 2] },
};

describe('JsonListSplitter', () => {
  it.each([1, 2, 3, 7, 64, 100_000])(
    'hands over every item and keeps the rest, in chunks of %i bytes',
    size => {
      const { items, skeleton } = split(JSON.stringify(list, null, 1), size);
      expect(items).toEqual(list.items);
      expect(skeleton).toEqual({ ...list, items: [] });
    },
  );

  it('reads an empty or null item list, and a body without items', () => {
    expect(split('{"items":[]}', 4)).toEqual({
      items: [],
      skeleton: { items: [] },
    });
    expect(split('{"metadata":{},"items":null}', 4)).toEqual({
      items: [],
      skeleton: { metadata: {}, items: null },
    });
    expect(split('{"metadata":{"items":[1]}}', 4)).toEqual({
      items: [],
      skeleton: { metadata: { items: [1] } },
    });
  });

  it('rejects a body that is not JSON or ends early', () => {
    expect(() => split('<html><body>502</body></html>', 5)).toThrow(
      SyntaxError,
    );
    expect(() => split('{"items":[{"a":1},{"b"', 5)).toThrow(SyntaxError);
    expect(() => split('{"items":[{"a":1} {"b":2}]}', 5)).toThrow(SyntaxError);
    expect(() => split('{"items":[{"a":1}]', 5)).toThrow(SyntaxError);
  });
});
