export {
  AnalysisStatus,
  HealthStatusChip,
  HealthStatusIcon,
  SyncStatusChip,
  SyncStatusIcon,
} from './StatusChips';
