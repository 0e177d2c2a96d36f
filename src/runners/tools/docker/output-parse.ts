/**
 * Readers of docker's own progress text: what the build and push printed tells whether
 * they worked and what they produced, for both the legacy builder and BuildKit.
 */
export interface BuildOutcome {
  ok: boolean;
  builder: 'buildkit' | 'legacy' | 'unknown';
  /** Image references named by the build (`docker.io/library/hello-node:v1`, `hello-node:v1`). */
  tags: string[];
  imageId?: string;
  /** The error line when the build failed (`ERROR: …` / `error: …` / a failed step). */
  error?: string;
}

/** Accumulates build output line by line (so nothing but the facts is kept in memory). */
export class BuildScanner {
  private builder: BuildOutcome['builder'] = 'unknown';
  private tags: string[] = [];
  private imageId?: string;
  private error?: string;

  push(line: string): void {
    const l = line.replace(/\r$/, '');
    if (/^#\d+ /.test(l)) this.builder = 'buildkit';
    else if (/^Step \d+\/\d+ : /.test(l) || /^Sending build context to Docker daemon/.test(l))
      this.builder = 'legacy';
    let m = /^#\d+ naming to (\S+) done$/.exec(l);
    if (m?.[1] && !this.tags.includes(m[1])) this.tags.push(m[1]);
    m = /^#\d+ writing image (sha256:[0-9a-f]+)/.exec(l);
    if (m) this.imageId = m[1];
    m = /^Successfully tagged (\S+)$/.exec(l);
    if (m?.[1]) this.tags.push(m[1]);
    m = /^Successfully built ([0-9a-f]+)$/.exec(l);
    if (m) this.imageId = m[1];
    if (
      /^(ERROR|error):? /.test(l) ||
      /^#\d+ ERROR: /.test(l) ||
      /^The command .* returned a non-zero code: \d+/.test(l)
    ) {
      this.error ??= l.replace(/^#\d+ /, '');
    }
  }

  result(): BuildOutcome {
    return {
      ok: this.tags.length > 0 && !this.error,
      builder: this.builder,
      tags: [...this.tags],
      imageId: this.imageId,
      error: this.error,
    };
  }
}

export function parseBuildOutput(text: string): BuildOutcome {
  const s = new BuildScanner();
  for (const l of text.split('\n')) s.push(l);
  return s.result();
}

/** `docker.io/library/hello-node:v1` and `hello-node:v1` name the same image. */
export function sameImageRef(a: string, b: string): boolean {
  const norm = (r: string) => {
    const last = r.split('/').pop() ?? '';
    const tagged = last.includes(':') || last.includes('@') ? r : `${r}:latest`;
    return tagged.replace(/^docker\.io\//, '').replace(/^library\//, '');
  };
  return norm(a) === norm(b);
}

export interface PushOutcome {
  ok: boolean;
  tag?: string;
  digest?: string;
  size?: number;
  repository?: string;
  denied: boolean;
  layers: { pushed: number; mounted: number; existed: number };
}

/** Reads `docker push` output: `v1: digest: sha256:… size: N` is success; `denied:` is not. */
export function parsePushOutput(text: string): PushOutcome {
  const out: PushOutcome = { ok: false, denied: false, layers: { pushed: 0, mounted: 0, existed: 0 } };
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    let m = /^The push refers to (?:a )?repository \[([^\]]+)\]/.exec(l);
    if (m) out.repository = m[1];
    m = /^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)$/.exec(l);
    if (m) {
      out.ok = true;
      out.tag = m[1];
      out.digest = m[2];
      out.size = Number(m[3]);
    }
    if (/^denied: /.test(l) || /requested access to the resource is denied/.test(l)) out.denied = true;
    if (/^[0-9a-f]{12}: Pushed$/.test(l)) out.layers.pushed++;
    if (/^[0-9a-f]{12}: Mounted from /.test(l)) out.layers.mounted++;
    if (/^[0-9a-f]{12}: Layer already exists$/.test(l)) out.layers.existed++;
  }
  if (out.denied) out.ok = false;
  return out;
}

/** `docker run -d` prints the new container's full id as its last line. */
export function parseRunOutput(text: string): { containerId?: string; pulled: boolean } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines[lines.length - 1];
  return {
    containerId: last && /^[0-9a-f]{64}$/.test(last) ? last : undefined,
    pulled: lines.some((l) => /^Status: Downloaded newer image for /.test(l)),
  };
}
