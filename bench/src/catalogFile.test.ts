import { parseAllDocuments } from 'yaml';
import { catalogFile } from './catalogFile';

const entity = {
  name: 'svc-00001',
  selector: 'app.kubernetes.io/part-of=svc-00001',
  instances: ['nonprod', 'prod'],
  applications: [],
};

function annotationsOf(text: string) {
  return parseAllDocuments(text).map(d => d.toJS().metadata.annotations);
}

describe('catalogFile', () => {
  it('annotates our entities with gitops/service only', () => {
    expect(annotationsOf(catalogFile('ours', [entity]))).toEqual([
      { 'gitops/service': 'svc-00001' },
    ]);
  });

  it('gives Roadie the selector and the community plugin the instances too', () => {
    expect(annotationsOf(catalogFile('roadie', [entity]))).toEqual([
      { 'argocd/app-selector': 'app.kubernetes.io/part-of=svc-00001' },
    ]);
    expect(
      annotationsOf(
        catalogFile('community', [entity, { ...entity, name: 'x' }]),
      ),
    ).toEqual([
      {
        'argocd/app-selector': 'app.kubernetes.io/part-of=svc-00001',
        'argocd/instance-name': 'nonprod,prod',
      },
      {
        'argocd/app-selector': 'app.kubernetes.io/part-of=svc-00001',
        'argocd/instance-name': 'nonprod,prod',
      },
    ]);
  });
});
