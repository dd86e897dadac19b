export { PreviewEnvironments, previewPullRequest } from './PreviewEnvironments';
