/** The load-balancer probe: one new connection per request, spread verdict, resilience mode. */
export { chiSquareSurvival, lnGamma, regularizedGammaP, regularizedGammaQ } from './chi-square.js';
export { classifyError } from './classify-error.js';
export { PROBE_EXIT, type ProbeCliIo, type ProbeCliLimits, runProbeCli } from './cli.js';
export type {
  HostGroup,
  HostSpan,
  NewHost,
  ProbeDuringOptions,
  ProbeDuringReport,
  TimelineBucket,
} from './during-types.js';
export {
  describeFailureRun,
  describeGroup,
  describeSeconds,
  formatProbeDuringReport,
} from './format-during.js';
export { describeVerdict, formatP, formatProbeReport } from './format-report.js';
export {
  checkProbeSettings,
  DEFAULT_MAX_REQUESTS,
  httpUrl,
  MAX_CONCURRENCY,
  MAX_TIMEOUT_MS,
  type ProbeSettings,
  probeSettingsSchema,
} from './options.js';
export { parseHost, parseMessage, UNKNOWN_HOST } from './parse-host.js';
export { percentile, summarizeLatency } from './percentile.js';
export { probe } from './probe.js';
export { probeDuring } from './probe-during.js';
export { requestOnce } from './request-once.js';
export { SPREAD_ALPHA, spreadVerdict } from './spread-verdict.js';
export { summarize } from './summarize.js';
export { renderTimeline, TIMELINE_WIDTH, type TimelineLabels, timelineHtml } from './timeline-picture.js';
export type {
  FailureKind,
  HistogramEntry,
  LatencySummary,
  ProbeOptions,
  ProbeReport,
  RequestOutcome,
  SpreadVerdict,
} from './types.js';
