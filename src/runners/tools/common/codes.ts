/**
 * Error codes raised by the tool adapters, on top of the shared `Codes`. Each names a
 * situation the student can act on; the message of the `UserError` says how.
 */
export const ToolCodes = {
  jujuSyntax: 'JUJU_SYNTAX',
  jujuAmbiguousRelation: 'JUJU_AMBIGUOUS_RELATION',
  jujuNotFound: 'JUJU_NOT_FOUND',
  jujuUnitError: 'JUJU_UNIT_ERROR',
  jujuActionFailed: 'JUJU_ACTION_FAILED',
  vaultSealed: 'VAULT_SEALED',
  octaviaCertificates: 'OCTAVIA_CERTIFICATES_MISSING',
  octaviaConfigureResources: 'OCTAVIA_CONFIGURE_RESOURCES',
  jujuMissingRelation: 'JUJU_MISSING_RELATION',
  jujuBlocked: 'JUJU_BLOCKED',
  waitTimeout: 'WAIT_TIMEOUT',
  osTls: 'OPENSTACK_TLS_UNTRUSTED',
  osCredentials: 'OPENSTACK_CREDENTIALS',
  osQuota: 'OPENSTACK_QUOTA_EXCEEDED',
  osNotFound: 'OPENSTACK_NOT_FOUND',
  osServiceMissing: 'OPENSTACK_SERVICE_MISSING',
  lbUnhealthy: 'LOADBALANCER_UNHEALTHY',
  lbFailed: 'LOADBALANCER_FAILED',
  dockerDenied: 'DOCKER_ACCESS_DENIED',
  dockerDaemon: 'DOCKER_DAEMON_UNREACHABLE',
  dockerBuildFailed: 'DOCKER_BUILD_FAILED',
  dockerPortTaken: 'DOCKER_PORT_TAKEN',
  kubeUnreachable: 'KUBE_UNREACHABLE',
  kubeForbidden: 'KUBE_FORBIDDEN',
  kubeNotFound: 'KUBE_NOT_FOUND',
  rolloutDeadline: 'ROLLOUT_DEADLINE_EXCEEDED',
  imagePull: 'IMAGE_PULL_FAILED',
  noPreviousRevision: 'NO_PREVIOUS_REVISION',
} as const;
