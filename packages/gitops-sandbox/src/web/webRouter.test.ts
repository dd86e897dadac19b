import { Sandbox, startSandbox } from '../startSandbox';
import { http } from '../testing/helpers';
import { changeByPullRequest } from '../testing/promote';

describe('web pages', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 50, demoState: false });
  });
  afterAll(() => sandbox.stop());

  it('shows the dashboard, files, commits and pull requests', async () => {
    const dashboard = await http(`${sandbox.url}/`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('/admin/drift');
    const home = await http(sandbox.repositoryUrl);
    expect(home.text).toContain('applicationsets');
    expect(home.text).toContain('Merge pull request #10');
    const blob = await http(
      `${sandbox.repositoryUrl}/blob/main/envs/prod/gateway/values.yaml`,
    );
    expect(blob.text).toContain('image.digest');
    const tree = await http(`${sandbox.repositoryUrl}/tree/main/envs/prod`);
    expect(tree.text).toContain('ledger');
    const raw = await http(
      `${sandbox.repositoryUrl}/raw/main/envs/prod/ledger/kustomization.yaml`,
    );
    expect(raw.text).toContain('kind: Kustomization');
    const commits = await http(`${sandbox.repositoryUrl}/commits/main`);
    const sha = commits.text.match(/commit\/([0-9a-f]{40})/)![1];
    const commit = await http(`${sandbox.repositoryUrl}/commit/${sha}`);
    expect(commit.status).toBe(200);
    expect((await http(`${sandbox.repositoryUrl}/pull/999`)).status).toBe(404);
    expect((await http(`${sandbox.repositoryUrl}/blob/nope/x`)).status).toBe(
      404,
    );
  });

  it('merges a pull request from its page', async () => {
    const { number } = await changeByPullRequest(
      sandbox,
      'web/page',
      'Edit from the web test',
      { 'README.md': c => `${c}\n<script>alert(1)</script>\n` },
      { merge: false },
    );
    const page = await http(`${sandbox.repositoryUrl}/pull/${number}`);
    expect(page.text).toContain('Merge pull request');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    const merged = await fetch(
      `${sandbox.repositoryUrl}/pull/${number}/merge`,
      {
        method: 'POST',
        redirect: 'manual',
      },
    );
    expect(merged.status).toBe(303);
    const after = await http(`${sandbox.repositoryUrl}/pull/${number}`);
    expect(after.text).toContain('Merged by rita');
  });
});
