import { execFile } from 'node:child_process';
import { DEFAULT_INSTANCES } from '../demo';
import { scaledInstances, syntheticAppsOf } from './syntheticFleet';

describe('synthetic fleet', () => {
  it('spreads most services over two or three instances, with previews on nonprod', () => {
    const instances = scaledInstances(DEFAULT_INSTANCES, 10);
    expect(instances.map(i => i.name)).toEqual([
      'nonprod',
      'prod',
      'group-03',
      'group-04',
      'group-05',
      'group-06',
      'group-07',
      'group-08',
      'group-09',
      'group-10',
    ]);
    const counts = new Map<string, Set<string>>();
    let previews = 0;
    instances.forEach((instance, index) => {
      const apps = syntheticAppsOf({
        instanceIndex: index,
        instanceCount: instances.length,
        instance,
        appsPerInstance: 2000,
        repoURL: 'http://127.0.0.1/acme/gitops.git',
      });
      expect(apps).toHaveLength(2000);
      expect(new Set(apps.map(a => a.name)).size).toBe(2000);
      for (const app of apps) {
        if (app.labels['gitops/preview']) previews += 1;
        const service = app.labels['app.kubernetes.io/part-of'];
        if (!counts.has(service)) counts.set(service, new Set());
        counts.get(service)!.add(instance.name);
      }
    });
    const spread = [...counts.values()].map(s => s.size);
    expect(
      spread.filter(n => n >= 2 && n <= 3).length / spread.length,
    ).toBeGreaterThan(0.9);
    expect(previews).toBe(100);
  });
});

describe('synthetic fleet memory', () => {
  it('keeps 20,000 applications in a few megabytes of heap', async () => {
    // A separate Node with --expose-gc, so the figure is not the test runner's garbage.
    const script = `
      require('tsx/cjs/api').register();
      const { DEFAULT_INSTANCES } = require(${JSON.stringify(
        require.resolve('../demo'),
      )});
      const { scaledInstances, syntheticAppsOf } = require(${JSON.stringify(
        require.resolve('./syntheticFleet'),
      )});
      global.gc();
      const before = process.memoryUsage().heapUsed;
      const instances = scaledInstances(DEFAULT_INSTANCES, 10);
      const apps = instances.map((instance, instanceIndex) => syntheticAppsOf({
        instanceIndex, instanceCount: 10, instance, appsPerInstance: 2000, repoURL: 'http://x/acme/gitops.git',
      }));
      global.gc();
      const after = process.memoryUsage().heapUsed;
      process.stdout.write(JSON.stringify({ apps: apps.flat().length, mb: (after - before) / 1e6 }));
    `;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '-e', script],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const { apps, mb } = JSON.parse(output);
    process.stdout.write(
      `synthetic fleet: ${apps} applications use ${mb.toFixed(1)} MB of heap\n`,
    );
    expect(apps).toBe(20000);
    expect(mb).toBeLessThan(40);
  });
});
