export { GateList } from './GateList';
