export {
  RolloutProgress,
  rolloutStateLabel,
  rolloutStepLabel,
} from './RolloutProgress';
