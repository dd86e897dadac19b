/** What stands for a secret in any text the plugin lets out (responses, logs, audit events). */
export const REDACTED = '[REDACTED]';

/** Shorter values are not searched for: replacing them would mangle ordinary text. */
const MIN_CREDENTIAL_LENGTH = 4;

/** Text shapes that carry a credential, whoever issued it; `$1` is kept. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, REDACTED],
  [/\b(glpat|gldt|glptt|glrt)-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`],
  [
    /([?&](?:access_token|private_token|token|password)=)[^&\s]+/gi,
    `$1${REDACTED}`,
  ],
  [/("?(?:password|token|secret)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
];

/**
 * The one redactor of the plugin, for any text that may reach a response, a log line or an
 * audit event: replaces each of the `credentials` the caller knows it sent (Argo CD tokens,
 * passwords and session tokens, Git tokens; whatever their format), then anything shaped like
 * a credential (authorization schemes with their value, GitHub and GitLab token formats,
 * passwords in URLs, token query parameters, password or token fields), with
 * {@link REDACTED}.
 *
 * @public
 */
export function redact(
  text: string,
  credentials: Iterable<string | null | undefined> = [],
): string {
  let result = text;
  for (const credential of credentials) {
    if (credential && credential.length >= MIN_CREDENTIAL_LENGTH) {
      result = result.split(credential).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
