export { EnvironmentPipeline } from './EnvironmentPipeline';
export type { EnvironmentPipelineProps } from './EnvironmentPipeline';
export { EnvironmentColumn } from './EnvironmentColumn';
export type { EnvironmentColumnProps } from './EnvironmentColumn';
