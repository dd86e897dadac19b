import { redactCredentials, redactSecrets } from './redact';

describe('redactSecrets', () => {
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
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[REDACTED]');
  });

  it('keeps ordinary text', () => {
    expect(
      redactSecrets('GitHub could not read branch main (404): Not Found'),
    ).toBe('GitHub could not read branch main (404): Not Found');
  });
});

describe('redactCredentials', () => {
  it('replaces every occurrence of each credential, whatever its format', () => {
    expect(
      redactCredentials('sent abc.def-123 and again abc.def-123, then xyz', [
        'abc.def-123',
        'xyz',
      ]),
    ).toBe('sent [REDACTED] and again [REDACTED], then [REDACTED]');
  });

  it('keeps the text when there is no credential', () => {
    expect(redactCredentials('GitLab could not read main', [])).toBe(
      'GitLab could not read main',
    );
  });
});
