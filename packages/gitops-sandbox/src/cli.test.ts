import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from './cli';
import { Sandbox, startSandbox } from './startSandbox';
import { http, tempDir, waitFor } from './testing/helpers';

describe('gitops-sandbox CLI', () => {
  it('starts the sandbox from the launcher, prints its URLs, and stops on SIGTERM', async () => {
    const dir = await tempDir();
    const bin = join(__dirname, '..', 'bin', 'gitops-sandbox');
    const child = spawn(
      process.execPath,
      [
        bin,
        'start',
        '--port',
        '0',
        '--dir',
        dir.path,
        '--speed',
        '10',
        '--host',
        '127.0.0.1',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    child.stderr.on('data', chunk => {
      out += chunk;
    });
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    try {
      const ready = await waitFor(
        () =>
          out.match(/GitOps sandbox ready on (http:\/\/127\.0\.0\.1:\d+)\//),
        'the startup line',
        30000,
      );
      const url = ready[1];
      expect(out).toContain(`GitHub API ${url}/api/v3`);
      expect(out).toContain(`nonprod ${url}/argocd/nonprod`);
      expect(out).toContain(`prod ${url}/argocd/prod`);
      const list = await http(`${url}/argocd/nonprod/api/v1/applications`, {
        headers: { Authorization: 'Bearer sandbox-argocd-nonprod-token' },
      });
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(5);
      const dashboard = await http(`${url}/`);
      expect(dashboard.text).toContain('GitOps sandbox');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // the state stays on disk for the next start
    const second = await startSandbox({ dir: dir.path, demoState: false });
    expect((await http(`${second.url}/admin/state`)).body.pulls).toHaveLength(
      10,
    );
    await second.stop();
    await dir.remove();
  }, 60000);

  describe('knob commands', () => {
    let sandbox: Sandbox;
    const lines: string[] = [];
    const errors: string[] = [];
    const run = (...args: string[]) =>
      main(['--url', sandbox.url, ...args], {
        out: line => lines.push(line),
        err: line => errors.push(line),
      });

    beforeAll(async () => {
      sandbox = await startSandbox({ speed: 25, demoState: false });
    });
    afterAll(() => sandbox.stop());
    beforeEach(() => {
      lines.length = 0;
      errors.length = 0;
    });

    it('calls the admin API', async () => {
      expect(await run('drift', 'web-staging', '4')).toBe(0);
      expect(await run('sync-window', 'prod', 'on')).toBe(0);
      expect(await run('latency', '10', '--instance', 'nonprod')).toBe(0);
      expect(await run('preview', 'web', '7', 'open')).toBe(0);
      expect(await run('bad-digest', `sha256:${'a'.repeat(64)}`)).toBe(0);
      expect(await run('stop-instance', 'prod')).toBe(0);
      lines.length = 0;
      expect(await run('state')).toBe(0);
      const state = JSON.parse(lines[0]);
      const prod = state.instances.find((i: any) => i.name === 'prod');
      const nonprod = state.instances.find((i: any) => i.name === 'nonprod');
      expect(prod).toEqual(
        expect.objectContaining({ syncWindowActive: true, stopped: true }),
      );
      expect(nonprod.latencyMs).toBe(10);
      expect(
        nonprod.applications.find((a: any) => a.name === 'web-staging').sync,
      ).toBe('OutOfSync');
      expect(nonprod.applications.map((a: any) => a.name)).toContain(
        'web-preview-pr-7',
      );
      expect(state.badDigests).toEqual([`sha256:${'a'.repeat(64)}`]);
      expect(await run('start-instance', 'prod')).toBe(0);
      expect(await run('counters')).toBe(0);
    });

    it('reports bad input and errors of the sandbox with a non-zero exit code', async () => {
      expect(await run('self-heal', 'web-dev', 'maybe')).toBe(1);
      expect(errors.join('\n')).toContain('expected on or off');
      errors.length = 0;
      expect(await run('drift', 'nope', '2')).toBe(1);
      expect(errors.join('\n')).toContain('404: no application "nope"');
      errors.length = 0;
      const unreachable = await main(['--url', 'http://127.0.0.1:9', 'state'], {
        out: () => {},
        err: line => errors.push(line),
      });
      expect(unreachable).toBe(1);
      expect(errors.join('\n')).toContain('cannot reach the sandbox');
    });
  });
});
