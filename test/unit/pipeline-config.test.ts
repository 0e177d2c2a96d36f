import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE_YAML, parsePipelineConfig } from '../../src/runners/pipeline/config.js';

const refusal = (text: string) => {
  try {
    parsePipelineConfig(text);
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('labops.yaml', () => {
  it('the file init writes holds every default', () => {
    expect(parsePipelineConfig(DEFAULT_PIPELINE_YAML)).toEqual({
      image: 'hello-node',
      deployment: 'hello-node',
      verify: { requests: 200, maxFailureShare: 0.05, timeoutSeconds: 120 },
    });
    expect(parsePipelineConfig('')).toEqual(parsePipelineConfig(DEFAULT_PIPELINE_YAML));
  });

  it('a bad value is refused with its line and key', () => {
    expect(refusal(DEFAULT_PIPELINE_YAML.replace('maxFailureShare: 0.05', 'maxFailureShare: 5'))).toMatch(
      /^labops\.yaml line 10: verify\.maxFailureShare: .*<=1; fix it, commit and push again \(nothing was built\)$/,
    );
    expect(refusal(DEFAULT_PIPELINE_YAML.replace('requests: 200', 'requests: many'))).toMatch(
      /^labops\.yaml line 8: verify\.requests: /,
    );
    expect(
      refusal(DEFAULT_PIPELINE_YAML.replace('deployment: hello-node', 'deployment: Hello_Node')),
    ).toMatch(/^labops\.yaml line 5: deployment: a Kubernetes name/);
  });

  it('an unknown key is refused with its line, and the known keys named', () => {
    expect(refusal(DEFAULT_PIPELINE_YAML.replace('deployment: hello-node', 'deploymnt: hello-node'))).toBe(
      'labops.yaml line 5: deploymnt: unknown key (known here: image, deployment, verify); fix it, commit and push again (nothing was built)',
    );
    expect(refusal('image: hello-node\nverify:\n  requests: 100\n  timeout: 3\n')).toMatch(
      /^labops\.yaml line 4: verify\.timeout: unknown key \(known here: requests, maxFailureShare, timeoutSeconds\)/,
    );
  });

  it('YAML that does not parse is refused with its line', () => {
    expect(refusal('image: hello-node\nverify:\n  requests: [1,\n')).toMatch(/^labops\.yaml line \d: yaml: /);
    expect(refusal('image: a\nimage: b\n')).toMatch(/^labops\.yaml line 2: yaml: .*[Uu]nique/);
  });
});
