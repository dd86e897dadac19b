import { addServiceToApplicationSets } from './applicationSets';

const file = `# the services of nonprod
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: services
spec:
  generators:
    - matrix:
        generators:
          - list:
              elements:
                - service: gateway   # canary
                - service: ledger
                  team: ledgers
          - list:
              elements:
                - environment: dev
  template: {}
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other }
`;

describe('addServiceToApplicationSets', () => {
  it('adds one line to each list of services, keeping every other byte', () => {
    const updated = addServiceToApplicationSets('a.yaml', file, 'web');
    expect(updated).toBe(
      file.replace(
        '                  team: ledgers\n',
        '                  team: ledgers\n                - service: web\n',
      ),
    );
  });

  it('leaves files alone that list the service already or list no services', () => {
    expect(addServiceToApplicationSets('a.yaml', file, 'ledger')).toBeNull();
    expect(
      addServiceToApplicationSets('b.yaml', 'kind: ConfigMap\n', 'web'),
    ).toBeNull();
    expect(
      addServiceToApplicationSets('c.yaml', 'kind: [\n', 'web'),
    ).toBeNull();
  });

  it('refuses a flow-style list', () => {
    const flow =
      'kind: ApplicationSet\nspec:\n  generators:\n    - list:\n        elements: [{ service: a }]\n';
    expect(() => addServiceToApplicationSets('d.yaml', flow, 'web')).toThrow(
      /flow style/,
    );
  });
});
