/**
 * A parsed Kubernetes label selector, as `argocd/app-selector` annotations and Argo CD's
 * `selector` query parameter use it.
 *
 * @public
 */
export type LabelSelector = (labels: Record<string, string>) => boolean;

/**
 * Parses a label selector: comma-separated requirements `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k` (exists) and `!k` (does not exist). Throws on syntax it
 * does not understand, so that a typo never matches every application.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const requirements = splitRequirements(selector).map(parseRequirement);
  if (requirements.length === 0) {
    throw new Error('empty label selector');
  }
  return labels => requirements.every(requirement => requirement(labels));
}

/** Splits on commas that are not inside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0) throw new Error(`unbalanced parentheses in "${selector}"`);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw new Error(`unbalanced parentheses in "${selector}"`);
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

const KEY = '[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?';
const VALUE = '([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?';

function parseRequirement(text: string): LabelSelector {
  let match = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(text);
  if (match) {
    const key = match[1];
    const operator = match[3];
    const value = match[4];
    return operator === '!='
      ? labels => labels[key] !== value
      : labels => labels[key] === value;
  }
  match = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(text);
  if (match) {
    const key = match[1];
    const negate = match[3] === 'notin';
    const values = new Set(
      match[4]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    );
    return negate
      ? labels => !(key in labels) || !values.has(labels[key])
      : labels => key in labels && values.has(labels[key]);
  }
  match = new RegExp(`^(!?)\\s*(${KEY})$`).exec(text);
  if (match) {
    const key = match[2];
    return match[1] ? labels => !(key in labels) : labels => key in labels;
  }
  throw new Error(`invalid label selector requirement "${text}"`);
}
