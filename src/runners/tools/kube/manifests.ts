import type { V1Deployment, V1Ingress, V1Service } from '@kubernetes/client-node';

/**
 * The objects the lab creates, built the way kubectl builds them so later commands of the
 * guide (`kubectl scale`, `kubectl set image deployment/hello-node hello-node=…`) apply.
 */

/**
 * Like `kubectl create deployment NAME --image=IMAGE --port=PORT`: label app=NAME, container NAME,
 * plus `imagePullPolicy: Always`, so a tag pushed again is pulled again (with the default
 * IfNotPresent of a non-latest tag, a node that has the tag keeps its old copy), and with
 * `pullSecret` the Secret the kubelet pulls with (`imagePullSecrets`).
 */
export function deploymentManifest(
  name: string,
  image: string,
  port?: number,
  replicas = 1,
  pull: { secret?: string } = {},
): V1Deployment {
  const container = {
    name,
    image,
    imagePullPolicy: 'Always',
    ...(port ? { ports: [{ containerPort: port }] } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [container],
          ...(pull.secret ? { imagePullSecrets: [{ name: pull.secret }] } : {}),
        },
      },
    },
  };
}

/**
 * Like `kubectl expose deployment NAME --type=NodePort --port=PORT`; with `ClusterIP`, the
 * plain `kubectl expose deployment NAME --port=PORT` the guide's Ingress points at.
 */
export function nodePortServiceManifest(
  name: string,
  port: number,
  targetPort = port,
  type: 'NodePort' | 'ClusterIP' = 'NodePort',
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec: { type, selector: { app: name }, ports: [{ port, targetPort, protocol: 'TCP' }] },
  };
}

/** The lab guide's `hello-node-service.yaml` (step 9): type LoadBalancer, port 8080 → 8080. */
export function loadBalancerServiceManifest(name = 'hello-node', port = 8080, targetPort = port): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec: { type: 'LoadBalancer', ports: [{ port, targetPort }], selector: { app: name } },
  };
}

/**
 * The guide's Ingress rewritten for today's clusters: networking.k8s.io/v1 (not
 * extensions/v1beta1) and nip.io (xip.io is gone), host `NAME.<worker-ip>.nip.io`.
 */
export function ingressManifest(
  name: string,
  workerIp: string,
  servicePort = 8080,
  service = name,
): V1Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, labels: { app: name } },
    spec: {
      rules: [
        {
          host: `${name}.${workerIp}.nip.io`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service, port: { number: servicePort } } },
              },
            ],
          },
        },
      ],
    },
  };
}
