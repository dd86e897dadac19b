import { servicesOf, spread } from './fleet';

describe('servicesOf', () => {
  it('groups applications by their part-of label, sorted, with their instances', () => {
    const services = servicesOf([
      {
        instance: 'prod',
        name: 'b-prod',
        labels: { 'app.kubernetes.io/part-of': 'b' },
      },
      {
        instance: 'nonprod',
        name: 'a-dev',
        labels: { 'app.kubernetes.io/part-of': 'a' },
      },
      {
        instance: 'nonprod',
        name: 'b-dev',
        labels: { 'app.kubernetes.io/part-of': 'b' },
      },
      {
        instance: 'nonprod',
        name: 'b-staging',
        labels: { 'app.kubernetes.io/part-of': 'b' },
      },
      { instance: 'nonprod', name: 'orphan', labels: {} },
    ]);
    expect(services.map(s => s.name)).toEqual(['a', 'b']);
    expect(services[1]).toEqual({
      name: 'b',
      selector: 'app.kubernetes.io/part-of=b',
      instances: ['prod', 'nonprod'],
      applications: [
        { instance: 'prod', name: 'b-prod' },
        { instance: 'nonprod', name: 'b-dev' },
        { instance: 'nonprod', name: 'b-staging' },
      ],
    });
  });
});

describe('spread', () => {
  it('picks evenly over the list', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(spread(items, 5)).toEqual([0, 2, 4, 6, 8]);
  });

  it('keeps every item of a shorter list', () => {
    expect(spread([1, 2], 5)).toEqual([1, 2]);
  });
});
