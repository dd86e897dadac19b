import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ChangeContext,
  type ChangeOutcome,
  type PromotionEngineOptions,
} from './kinds/ChangeContext';
import { planOnboarding, type OnboardingInput } from './kinds/planOnboarding';
import { planPin, type PinInput } from './kinds/planPin';
import { planPromotion, type PromotionInput } from './kinds/planPromotion';
import { planRollback, type RollbackInput } from './kinds/planRollback';

export { actorOf } from './kinds/actorOf';
export type {
  ChangeOutcome,
  PromotionEngineOptions,
} from './kinds/ChangeContext';
export type { OnboardingInput } from './kinds/planOnboarding';
export type { PinInput } from './kinds/planPin';
export type { PromotionInput } from './kinds/planPromotion';
export type { RollbackInput } from './kinds/planRollback';

/**
 * The write side of the plugin: validates change requests, evaluates their gates, plans the
 * one-file (or one-folder) change and hands it to the {@link ChangeWriter}. Nothing is
 * written for bad input (400/404), a missing permission (403) or a failed gate (409).
 *
 * Each change kind is planned in its own module under `kinds/`; this class only binds them
 * to one shared {@link ChangeContext}.
 *
 * @public
 */
export class PromotionEngine {
  private readonly context: ChangeContext;

  constructor(private readonly options: PromotionEngineOptions) {
    // the context holds this same options object, not a copy
    this.context = new ChangeContext(this.options);
  }

  /** `POST /v1/promotions`. */
  async promote(
    input: PromotionInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    return planPromotion(this.context, input, credentials);
  }

  /** `POST /v1/rollbacks`. */
  async rollback(
    input: RollbackInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    return planRollback(this.context, input, credentials);
  }

  /** `POST /v1/pins`. */
  async pin(
    input: PinInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    return planPin(this.context, input, credentials);
  }

  /** `POST /v1/onboardings`. */
  async onboard(
    input: OnboardingInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    return planOnboarding(this.context, input, credentials);
  }
}
