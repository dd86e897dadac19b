/**
 * Durations of the simulated controllers, in sandbox milliseconds (divided by the `speed`
 * option). At speed 1 a canary takes about 30 seconds: 2 + 10 (pause) + 4 (analysis) + 2 +
 * 10 (pause) + 2.
 */
export const TIMING = {
  /** How often the repository is polled for commits made outside the API (real time). */
  pollMs: 1000,
  /** OutOfSync stays visible this long before auto-sync starts. */
  autoSyncDelayMs: 3000,
  /** Argo CD's self-heal delay after a live change. */
  selfHealDelayMs: 5000,
  /** A sync operation, from Running to Succeeded. */
  syncMs: 2500,
  /** Pods of a scale change (or a first deployment) becoming ready. */
  scaleMs: 2000,
  canary: {
    /** Pods of a setWeight step becoming ready. */
    weightReadyMs: 2000,
    /** Each `pause: { duration: 10s }` step. */
    pauseMs: 10000,
    /** The success-rate analysis step. */
    analysisMs: 4000,
  },
  blueGreen: {
    /** Preview ReplicaSet becoming ready. */
    previewReadyMs: 3000,
    /** Pre-promotion smoke test. */
    analysisMs: 5000,
    /** `autoPromotionSeconds` after the preview is ready. */
    autoPromotionMs: 15000,
  },
  rolling: {
    /** A Deployment rolling update. */
    progressMs: 5000,
    /** `progressDeadlineSeconds` for an image that never becomes ready. */
    progressDeadlineMs: 10000,
  },
};
