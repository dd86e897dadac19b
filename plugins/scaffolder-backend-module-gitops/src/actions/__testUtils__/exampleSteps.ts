import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** One step of an action example. */
export interface ExampleStep {
  id: string;
  action: string;
  name?: string;
  input: Record<string, unknown>;
}

/** Every step of every example, parsed from the example's YAML. */
export function exampleSteps(examples: TemplateExample[]): ExampleStep[] {
  return examples.flatMap(example => {
    const parsed = yaml.parse(example.example) as { steps?: ExampleStep[] };
    return parsed.steps ?? [];
  });
}

/** True when an input holds a template expression that only a template run can render. */
export function usesTemplateExpressions(input: unknown): boolean {
  return JSON.stringify(input).includes('${{');
}
