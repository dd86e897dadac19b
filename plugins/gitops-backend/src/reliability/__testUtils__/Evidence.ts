/** Where a text the backend produced was seen. */
export type EvidenceSource = 'log' | 'response' | 'audit' | 'error' | 'record';

/** One place a secret was found. */
export interface SecretLeak {
  source: EvidenceSource;
  /** Which secret (its first characters only). */
  secret: string;
  /** The text around it, with the secret masked. */
  excerpt: string;
}

/**
 * Everything the backends under test said to the outside world: every log line, every
 * response (status, headers and body), every audit event and every error message. The
 * secrets search of the suite runs over all of it.
 */
export class Evidence {
  private readonly texts: Array<{ source: EvidenceSource; text: string }> = [];

  add(source: EvidenceSource, text: string): void {
    this.texts.push({ source, text });
  }

  get size(): number {
    return this.texts.length;
  }

  countOf(source: EvidenceSource): number {
    return this.texts.filter(t => t.source === source).length;
  }

  /** True when some text of the source contains the fragment (to prove capture works). */
  contains(source: EvidenceSource, fragment: string): boolean {
    return this.texts.some(
      t => t.source === source && t.text.includes(fragment),
    );
  }

  /**
   * Every occurrence of a secret, as written, URL-encoded or base64-encoded, in every text
   * collected so far.
   */
  leaksOf(secrets: string[]): SecretLeak[] {
    const leaks: SecretLeak[] = [];
    for (const secret of new Set(secrets.filter(s => s.length >= 6))) {
      const forms = new Set([
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64').replace(/=+$/, ''),
      ]);
      for (const { source, text } of this.texts) {
        for (const form of forms) {
          let at = text.indexOf(form);
          while (at >= 0) {
            const excerpt = text
              .slice(Math.max(0, at - 60), at + form.length + 60)
              .split(form)
              .join('<SECRET>');
            leaks.push({ source, secret: `${secret.slice(0, 4)}…`, excerpt });
            at = text.indexOf(form, at + form.length);
          }
        }
      }
    }
    return leaks;
  }
}
