/**
 * Glob matching as Argo CD applies it to sync windows' `applications`, `namespaces` and
 * `clusters`: a whole-string match without path separators, so `*` also spans `/` and `.`
 * (cluster patterns are often server URLs). Supports `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`,
 * `{a,b}` and `\` escapes. A pattern that does not compile matches nothing, as in Argo CD.
 */

const compiled = new Map<string, RegExp | null>();
/** Patterns come from a handful of AppProjects; the bound only guards against churn. */
const MAX_COMPILED = 1000;

/**
 * Whether `value` matches the Argo CD glob `pattern`.
 *
 * @public
 */
export function argoGlobMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compile(pattern);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex !== null && regex.test(value);
}

function compile(pattern: string): RegExp | null {
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    switch (c) {
      case '\\':
        if (i + 1 >= pattern.length) return null;
        source += escapeRegex(pattern[++i]);
        break;
      case '*':
        source += '.*';
        break;
      case '?':
        source += '.';
        break;
      case '[': {
        const end = pattern.indexOf(']', i + 2);
        if (end < 0) return null;
        let body = pattern.slice(i + 1, end);
        const negated = body.startsWith('!');
        if (negated) body = body.slice(1);
        if (body === '') return null;
        source += `[${negated ? '^' : ''}${body.replace(
          /[\\\]^]/g,
          m => `\\${m}`,
        )}]`;
        i = end;
        break;
      }
      case '{':
        braces++;
        source += '(?:';
        break;
      case '}':
        if (braces === 0) return null;
        braces--;
        source += ')';
        break;
      case ',':
        source += braces > 0 ? '|' : ',';
        break;
      default:
        source += escapeRegex(c);
    }
  }
  if (braces !== 0) return null;
  try {
    return new RegExp(`^${source}$`, 's');
  } catch {
    return null;
  }
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, m => `\\${m}`);
}
