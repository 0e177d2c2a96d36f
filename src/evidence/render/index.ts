/** Pictures: terminal output, page screenshots and views drawn from live data, via system Chromium. */
export { applySgr, lineText, parseAnsi, type StyledLine, type StyledSpan, type TextStyle } from './ansi.js';
export { rgbHex, TERMINAL_BG, TERMINAL_FG, xterm256 } from './ansi-colors.js';
export { lineToHtml, spanToHtml, styleToCss } from './ansi-html.js';
export { CHROMIUM_ARGS, chromiumPath, DEFAULT_CHROMIUM_PATH, disposeBrowser, getBrowser } from './browser.js';
export { type CaptureOptions, captureHtml, DEFAULT_MAX_HEIGHT } from './capture-html.js';
export {
  describeLoginErrors,
  type HorizonLogin,
  type HorizonShot,
  type K8sDashboardLogin,
  type K8sDashboardShot,
  screenshotHorizonTopology,
  screenshotK8sDashboard,
} from './dashboards.js';
export {
  DEPLOYMENT_WIDTH,
  type DeploymentPod,
  type DeploymentView,
  deploymentHtml,
  renderDeployment,
} from './deployment.js';
export { HISTOGRAM_WIDTH, histogramHtml, renderHistogram } from './histogram.js';
export { escapeHtml, htmlPage } from './html.js';
export { crc32, isPng, PNG_SIGNATURE, type PngInfo, readPngInfo } from './png.js';
export {
  gotoOrUnreachable,
  type PageSession,
  type PageShot,
  screenshotPage,
  unreachableReason,
  withPageSession,
} from './screenshot-page.js';
export {
  formatShotTime,
  renderTerminal,
  type TerminalLayout,
  type TerminalLimits,
  type TerminalShot,
  terminalHtml,
  terminalLayout,
} from './terminal.js';
export { renderTopology, topologyHtml } from './topology.js';
export {
  type Topology,
  type TopologyLayout,
  type TopologyNetwork,
  type TopologyRouter,
  type TopologyServer,
  topologyLayout,
} from './topology-layout.js';
