import { SyntheticApp } from './SyntheticApp';

describe('SyntheticApp', () => {
  it('answers revision metadata for the revisions of its own history only', () => {
    const app = new SyntheticApp(
      'svc-0042-dev',
      'nonprod',
      'svc-0042',
      'dev',
      'http://127.0.0.1/acme/gitops.git',
    );
    const history = app.toApplication({ resourceHealth: false }).status!
      .history!;
    expect(history).toHaveLength(10);
    for (const entry of history) {
      const metadata = app.revisionMetadata(entry.revision!);
      expect(metadata).toMatchObject({
        author: expect.stringMatching(/^.+ <.+@.+>$/),
        date: entry.deployedAt,
        tags: [],
      });
    }
    expect(app.revisionMetadata('0'.repeat(40))).toBeUndefined();
  });
});
