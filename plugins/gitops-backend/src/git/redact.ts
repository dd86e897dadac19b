/**
 * Removes anything that could be a credential from text that may reach a log line, a
 * response or an audit event: authorization schemes with their value, well-known token
 * formats, passwords in URLs and token query parameters.
 *
 * @public
 */
export function redactSecrets(text: string): string {
  return text
    .replace(
      /\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
      '$1 [REDACTED]',
    )
    .replace(
      /\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g,
      '[REDACTED]',
    )
    .replace(/\b(glpat|gldt|glptt|glrt)-[A-Za-z0-9_-]{16,}/g, '[REDACTED]')
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1[REDACTED]@')
    .replace(
      /([?&](?:access_token|private_token|token|password)=)[^&\s]+/gi,
      '$1[REDACTED]',
    )
    .replace(
      /("?(?:password|token|secret)"?\s*[:=]\s*)"[^"]*"/gi,
      '$1"[REDACTED]"',
    );
}

/**
 * Replaces every occurrence of the given credentials (values a provider sent, whatever their
 * format) in text with `[REDACTED]`.
 *
 * @public
 */
export function redactCredentials(
  text: string,
  credentials: Iterable<string>,
): string {
  let result = text;
  for (const credential of credentials) {
    result = result.split(credential).join('[REDACTED]');
  }
  return result;
}
