/**
 * `openstack quota show -f json` changed shape in python-openstackclient 6: older clients
 * print one flat object (`{"cores": 20, "secgroup-rules": 100, …}`), newer ones a list of
 * `{"Resource": "cores", "Limit": 20}` rows (plus In Use/Reserved with `--usage`).
 */
export type Quota = Record<string, number> & { cores?: number; instances?: number; ram?: number };

/** Normalises both shapes to `{ cores, instances, ram, … }` with numeric limits only. */
export function parseQuota(doc: unknown): Quota {
  const out: Record<string, number> = {};
  if (Array.isArray(doc)) {
    for (const row of doc) {
      if (typeof row !== 'object' || row === null) continue;
      const r = row as Record<string, unknown>;
      const name = r.Resource ?? r.resource;
      const limit = r.Limit ?? r.limit;
      if (typeof name === 'string' && typeof limit === 'number') out[name] = limit;
    }
    return out;
  }
  if (typeof doc === 'object' && doc !== null) {
    for (const [k, v] of Object.entries(doc)) if (typeof v === 'number') out[k] = v;
    return out;
  }
  throw new Error('quota show: neither a list nor an object');
}
