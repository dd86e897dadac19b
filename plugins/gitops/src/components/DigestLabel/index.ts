export { DigestLabel } from './DigestLabel';
