import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JujuStatusSummary } from '../../tools/juju/status-parse.js';
import { k8sAsset } from './files.js';

/** The applications and relations (application pairs) of a bundle and its overlays. */
export interface BundleShape {
  applications: string[];
  relations: [string, string][];
}

interface BundleDoc {
  applications?: Record<string, unknown>;
  relations?: string[][];
}

const appOf = (endpoint: string) => endpoint.split(':')[0] ?? endpoint;

/** Reads the shape of the shipped kubernetes-core bundle and its openstack overlay. */
export function shippedBundleShape(
  files = ['kubernetes-core-bundle.yaml', 'openstack-overlay.yaml'],
): BundleShape {
  const docs = files.map((f) => parse(readFileSync(k8sAsset(f), 'utf8')) as BundleDoc);
  return {
    applications: [...new Set(docs.flatMap((d) => Object.keys(d.applications ?? {})))],
    relations: docs.flatMap((d) =>
      (d.relations ?? []).map(([a, b]) => [appOf(a ?? ''), appOf(b ?? '')] as [string, string]),
    ),
  };
}

/**
 * What of the bundle the model lacks: applications not deployed, and relations between two
 * of its applications that `juju status` does not show. A bundle that stopped half-way (Juju
 * deploys applications before it relates them) leaves applications with missing relations;
 * deploying the bundle again adds only what is missing.
 */
export function missingFromBundle(status: JujuStatusSummary, shape: BundleShape): string[] {
  const apps = new Map(status.applications.map((a) => [a.name, a]));
  const missing = shape.applications.filter((a) => !apps.has(a)).map((a) => `application ${a}`);
  for (const [a, b] of shape.relations) {
    const from = apps.get(a);
    const to = apps.get(b);
    if (!from || !to) continue;
    if (!from.relatedTo.includes(b) && !to.relatedTo.includes(a)) missing.push(`relation ${a} – ${b}`);
  }
  return missing;
}
