import { ApiException } from '@kubernetes/client-node';
import { Codes, UserError } from '../../../shared/errors.js';

/** HTTP status of a Kubernetes API failure, when it is one. */
export function apiStatus(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  if (
    err instanceof Error &&
    err.name === 'ApiException' &&
    typeof (err as { code?: unknown }).code === 'number'
  ) {
    return (err as unknown as { code: number }).code;
  }
  return undefined;
}

/** The API server's own message (`deployments.apps "x" not found`), from the Status body. */
export function apiMessage(err: unknown): string {
  const body = (err as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const m = (JSON.parse(body) as { message?: string }).message;
      if (m) return m;
    } catch {
      return body.slice(0, 300);
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return (body as { message: string }).message;
  return err instanceof Error ? err.message.slice(0, 300) : String(err);
}

/** Turns transport and auth failures into UserErrors; other errors pass through. */
export function translateKubeError(err: unknown, what: string, kubeconfigPath?: string): unknown {
  const status = apiStatus(err);
  if (status === 401 || status === 403) {
    return new UserError(
      Codes.kubeForbidden,
      `Kubernetes refused ${what}: ${apiMessage(err)}. Check the kubeconfig${kubeconfigPath ? ` at ${kubeconfigPath}` : ''}.`,
      { cause: err },
    );
  }
  if (status !== undefined) return err;
  const e = err as { name?: string; code?: string; type?: string; message?: string };
  if (e?.name === 'AbortError' || e?.type === 'aborted') {
    return new UserError(Codes.timeout, `Kubernetes did not answer ${what} in time (or it was cancelled)`, {
      cause: err,
    });
  }
  if (
    e?.code === 'ECONNREFUSED' ||
    e?.code === 'EHOSTUNREACH' ||
    e?.code === 'ETIMEDOUT' ||
    e?.code === 'ENOTFOUND' ||
    e?.name === 'FetchError'
  ) {
    return new UserError(
      Codes.kubeUnreachable,
      `The Kubernetes API is not reachable (${e.code ?? e.message}). Is the cluster up (juju status on the k8s model) and is the kubeconfig${kubeconfigPath ? ` at ${kubeconfigPath}` : ''} current?`,
      { cause: err },
    );
  }
  return err;
}
