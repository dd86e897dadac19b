/** One line of a unified diff, with its numbers in the desired (old) and live (new) file. */
export type DiffLine =
  | { type: 'hunk'; text: string }
  | { type: 'context'; text: string; oldNumber: number; newNumber: number }
  | { type: 'remove'; text: string; oldNumber: number }
  | { type: 'add'; text: string; newNumber: number };

/** One row of a side-by-side view: desired on the left, live on the right. */
export type SideBySideRow =
  | { type: 'hunk'; text: string }
  | {
      type: 'line';
      left?: { number: number; text: string; changed: boolean };
      right?: { number: number; text: string; changed: boolean };
    };

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/**
 * Parses a unified diff (`--- desired` / `+++ live` headers, `@@` hunks). Headers and
 * "\ No newline at end of file" markers are dropped; lines outside hunks are ignored.
 */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  let inHunk = false;
  const raw = diff.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  for (const line of raw) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldNumber = Number(hunk[1]);
      newNumber = Number(hunk[2]);
      inHunk = true;
      lines.push({ type: 'hunk', text: line });
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue;
    const text = line.slice(1);
    if (line.startsWith('-')) {
      lines.push({ type: 'remove', text, oldNumber: oldNumber++ });
    } else if (line.startsWith('+')) {
      lines.push({ type: 'add', text, newNumber: newNumber++ });
    } else {
      lines.push({
        type: 'context',
        text,
        oldNumber: oldNumber++,
        newNumber: newNumber++,
      });
    }
  }
  return lines;
}

/** Pairs removed and added lines of each change block, as a split diff view shows them. */
export function toSideBySide(lines: DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let removed: Array<Extract<DiffLine, { type: 'remove' }>> = [];
  let added: Array<Extract<DiffLine, { type: 'add' }>> = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const left = removed[i];
      const right = added[i];
      rows.push({
        type: 'line',
        left: left && {
          number: left.oldNumber,
          text: left.text,
          changed: true,
        },
        right: right && {
          number: right.newNumber,
          text: right.text,
          changed: true,
        },
      });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.type === 'remove') {
      if (added.length) flush();
      removed.push(line);
    } else if (line.type === 'add') {
      added.push(line);
    } else {
      flush();
      if (line.type === 'hunk') {
        rows.push({ type: 'hunk', text: line.text });
      } else {
        rows.push({
          type: 'line',
          left: { number: line.oldNumber, text: line.text, changed: false },
          right: { number: line.newNumber, text: line.text, changed: false },
        });
      }
    }
  }
  flush();
  return rows;
}
