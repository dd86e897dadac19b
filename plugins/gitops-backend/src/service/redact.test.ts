import { redact } from './redact';

describe('redact', () => {
  it.each([
    ['Authorization: token ghp_abcdefghijklmnopqrstuvwxyz012345', 'ghp_'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature', 'eyJhbGci'],
    [
      'clone https://x-access-token:s3cr3tvalue@github.com/acme/gitops',
      's3cr3tvalue',
    ],
    ['GET /api/v4/projects?private_token=glpat-abcdefghijklmnopqrst', 'glpat-'],
    ['{"password":"hunter2hunter2"}', 'hunter2'],
  ])('removes the secret of %j', (text, secret) => {
    const redacted = redact(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[REDACTED]');
  });

  it('keeps ordinary text', () => {
    expect(redact('GitHub could not read branch main (404): Not Found')).toBe(
      'GitHub could not read branch main (404): Not Found',
    );
  });

  it('replaces every occurrence of each known credential, whatever its format', () => {
    expect(
      redact('sent abc.def-123 and again abc.def-123, then xyz9', [
        'abc.def-123',
        'xyz9',
        undefined,
        null,
      ]),
    ).toBe('sent [REDACTED] and again [REDACTED], then [REDACTED]');
  });

  it('does not search for values too short to be credentials', () => {
    expect(redact('GitLab could not read main', ['', 'a', 'ab'])).toBe(
      'GitLab could not read main',
    );
  });

  it('uses one marker for known credentials and for credential shapes', () => {
    // a session token Argo CD echoed back, next to a GitHub token it did not know
    expect(
      redact('no access for Bearer s3ss10n-t0k3n; ghp_abcdefghijklmnopqrst', [
        's3ss10n-t0k3n',
      ]),
    ).toBe('no access for Bearer [REDACTED]; [REDACTED]');
  });
});
