import { captureHtml } from './capture-html.js';
import { escapeHtml, htmlPage, MONO_FONT, SANS_FONT } from './html.js';

/** A pod of the deployment, as `kubectl get pods` shows it. */
export interface DeploymentPod {
  name: string;
  /** Pending, Running, Succeeded, Failed, Unknown (or a reason like CrashLoopBackOff). */
  phase: string;
  ready: boolean;
  restarts: number;
  image: string;
}

/** A Deployment and its pods, e.g. hello-node mid-rollout from v1 to v2. */
export interface DeploymentView {
  name: string;
  image: string;
  desired: number;
  ready: number;
  pods: DeploymentPod[];
  namespace?: string;
}

/** Width of the deployment picture in px. */
export const DEPLOYMENT_WIDTH = 960;

/** Draws the deployment's readiness and its pods (old images highlighted) as a PNG. */
export function renderDeployment(view: DeploymentView): Promise<Buffer> {
  return captureHtml(deploymentHtml(view), { width: DEPLOYMENT_WIDTH });
}

/** The view as HTML; every value is escaped. */
export function deploymentHtml(view: DeploymentView): string {
  const share = view.desired > 0 ? Math.min(1, view.ready / view.desired) : 0;
  const done = view.ready >= view.desired && view.pods.every((p) => p.image === view.image);
  const rows = view.pods
    .map((pod) => {
      const phaseClass = pod.phase === 'Running' ? 'ok' : pod.phase === 'Pending' ? 'wait' : 'bad';
      const oldImage = pod.image !== view.image;
      return `<tr>
<td class="mono">${escapeHtml(pod.name)}</td>
<td><span class="pill ${phaseClass}">${escapeHtml(pod.phase)}</span></td>
<td class="${pod.ready ? 'yes' : 'no'}">${pod.ready ? '✔ ready' : '✘ not ready'}</td>
<td class="num${pod.restarts > 0 ? ' warn' : ''}">${pod.restarts}</td>
<td class="mono${oldImage ? ' old' : ''}">${escapeHtml(pod.image)}${oldImage ? ' <em>(old)</em>' : ''}</td>
</tr>`;
    })
    .join('');
  const body = `<div class="card">
<div class="head"><div><div class="kind">deployment${view.namespace ? ` · ${escapeHtml(view.namespace)}` : ''}</div>
<div class="name">${escapeHtml(view.name)}</div><div class="mono img">${escapeHtml(view.image)}</div></div>
<div class="count ${done ? 'ok-text' : 'wait-text'}">${view.ready}/${view.desired}<span>ready</span></div></div>
<div class="meter"><div style="width:${(share * 100).toFixed(1)}%" class="${done ? 'ok' : 'wait'}"></div></div>
<table><thead><tr><th>pod</th><th>phase</th><th>ready</th><th>restarts</th><th>image</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5" class="none">no pods</td></tr>'}</tbody></table>
</div>`;
  return htmlPage(body, CSS);
}

const CSS = `
body{background:#edf2f7;font-family:${SANS_FONT};color:#1a202c;padding:20px}
.card{background:#fff;border-radius:10px;border:1px solid #cbd5e0;padding:20px 24px}
.head{display:flex;justify-content:space-between;align-items:flex-start}
.kind{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:#718096}
.name{font-size:24px;font-weight:bold;margin:2px 0}
.img{color:#4a5568}
.count{font-size:36px;font-weight:bold;text-align:right}
.count span{display:block;font-size:12px;font-weight:normal;color:#718096}
.meter{height:10px;background:#e2e8f0;border-radius:5px;margin:14px 0 18px;overflow:hidden}
.meter div{height:100%}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-size:12px;color:#718096;border-bottom:2px solid #e2e8f0;padding:6px 8px}
td{border-bottom:1px solid #edf2f7;padding:7px 8px}
.mono{font-family:${MONO_FONT};font-size:13px}
.num{text-align:right;width:70px}
.pill{color:#fff;border-radius:9px;padding:2px 9px;font-size:12px;font-weight:bold}
.ok{background:#38a169}.wait{background:#d69e2e}.bad{background:#e53e3e}
.ok-text{color:#2f855a}.wait-text{color:#b7791f}
.yes{color:#2f855a}.no{color:#c53030}.warn{color:#c05621;font-weight:bold}
.old{color:#b7791f}.none{color:#718096;font-style:italic}
`;
