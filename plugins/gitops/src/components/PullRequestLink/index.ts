export { PullRequestLink } from './PullRequestLink';
