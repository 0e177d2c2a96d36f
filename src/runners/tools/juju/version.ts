/**
 * `juju version` prints e.g. `3.6.4-ubuntu-amd64` or `2.9.42-ubuntu-amd64`. The major
 * version decides the command syntax: Juju 3 renamed `add-relation`→`integrate`,
 * `run`→`exec` and `run-action --wait`→`run`, and the old forms fail under 3.x.
 */
export interface JujuVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

export function parseJujuVersion(text: string): JujuVersion {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^\d+\.\d+/.test(l));
  const m = line ? /^(\d+)\.(\d+)(?:[.-](\d+))?/.exec(line) : null;
  if (!m) throw new Error(`cannot read the Juju version from: ${text.slice(0, 120)}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: line ?? '' };
}

/** Juju 3.x and later speak the new syntax; 2.9 the old one. */
export const isJuju3 = (v: Pick<JujuVersion, 'major'>): boolean => v.major >= 3;
