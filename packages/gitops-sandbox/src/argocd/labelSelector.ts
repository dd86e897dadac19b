/** One requirement of a Kubernetes label selector. */
type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** Raised for a selector that does not parse (Argo CD answers 400 InvalidArgument). */
export class SelectorError extends Error {}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

const KEY = /^[A-Za-z0-9]([A-Za-z0-9._\-/]*[A-Za-z0-9])?$/;

function parseTerm(term: string): Requirement {
  let m = term.match(/^(\S+)\s+(in|notin)\s+\((.*)\)$/);
  if (m) {
    const values = m[3]
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    return { op: m[2] as 'in' | 'notin', key: m[1], values };
  }
  m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/);
  if (m) {
    return {
      op: m[2] === '!=' ? 'notin' : 'in',
      key: m[1],
      values: [m[3]],
    };
  }
  if (term.startsWith('!') && KEY.test(term.slice(1))) {
    return { op: 'notexists', key: term.slice(1) };
  }
  if (KEY.test(term)) {
    return { op: 'exists', key: term };
  }
  throw new SelectorError(`unable to parse requirement: ${term}`);
}

/**
 * Parses a Kubernetes label selector (`k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
 * `k`, `!k`, comma-separated = AND) into a predicate over labels.
 */
export function parseLabelSelector(
  selector: string | undefined,
): (labels: Record<string, string>) => boolean {
  if (!selector || !selector.trim()) {
    return () => true;
  }
  const requirements = splitTerms(selector).map(parseTerm);
  return labels =>
    requirements.every(r => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case 'notexists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]);
        case 'notin':
          return !has || !r.values.includes(labels[r.key]);
        default:
          return false;
      }
    });
}
