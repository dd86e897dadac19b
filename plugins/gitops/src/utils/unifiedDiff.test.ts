import { parseUnifiedDiff, toSideBySide } from './unifiedDiff';

const DIFF = `--- desired
+++ live
@@ -3,4 +3,5 @@ spec
 spec:
-  replicas: 2
+  replicas: 5
+  paused: true
   template:
\\ No newline at end of file
`;

describe('unified diff', () => {
  it('parses lines with their numbers', () => {
    expect(parseUnifiedDiff(DIFF)).toEqual([
      { type: 'hunk', text: '@@ -3,4 +3,5 @@ spec' },
      { type: 'context', text: 'spec:', oldNumber: 3, newNumber: 3 },
      { type: 'remove', text: '  replicas: 2', oldNumber: 4 },
      { type: 'add', text: '  replicas: 5', newNumber: 4 },
      { type: 'add', text: '  paused: true', newNumber: 5 },
      { type: 'context', text: '  template:', oldNumber: 5, newNumber: 6 },
    ]);
  });

  it('pairs changes side by side', () => {
    const rows = toSideBySide(parseUnifiedDiff(DIFF));
    expect(rows).toEqual([
      { type: 'hunk', text: '@@ -3,4 +3,5 @@ spec' },
      {
        type: 'line',
        left: { number: 3, text: 'spec:', changed: false },
        right: { number: 3, text: 'spec:', changed: false },
      },
      {
        type: 'line',
        left: { number: 4, text: '  replicas: 2', changed: true },
        right: { number: 4, text: '  replicas: 5', changed: true },
      },
      {
        type: 'line',
        left: undefined,
        right: { number: 5, text: '  paused: true', changed: true },
      },
      {
        type: 'line',
        left: { number: 5, text: '  template:', changed: false },
        right: { number: 6, text: '  template:', changed: false },
      },
    ]);
  });

  it('returns nothing for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
    expect(toSideBySide([])).toEqual([]);
  });
});
