/**
 * The facts of the lab that commands depend on, in the student's terms, and for each one the
 * guide's step that makes it true and the command that does it. Pure data: the checkpoint
 * manifests and `/next` read it without touching the lab.
 */

/** One fact of the lab, in the order the guide makes them true. */
export type FactName =
  | 'juju-model'
  | 'cloud-healthy'
  | 'openstack'
  | 'octavia'
  | 'quotas'
  | 'web-server'
  | 'docker-host'
  | 'image-built'
  | 'container-running'
  | 'hub-login'
  | 'image-pushed'
  | 'kubernetes'
  | 'hello-node'
  | 'replicas'
  | 'exposed'
  | 'lb-ip';

/** A text in the two languages of the class. */
export interface Localized {
  en: string;
  'pt-BR': string;
}

/** What a fact means for a student: the guide's step, the command that makes it true, the text when it is missing. */
export interface FactInfo {
  /** The lab guide's step (LAB.md §3): 0 is the health snapshot, 9 the LoadBalancer. */
  step: number;
  /** The command that makes the fact true, e.g. `/deploy k8s` (`<tag>` and `<n>` are filled in). */
  fix: string;
  /** What is missing, as the start of a sentence (the detail read from the lab follows in parentheses). */
  missing: Localized;
}

/** Every fact, in the guide's order (the order `/next` walks). */
export const FACT_ORDER: readonly FactName[] = [
  'juju-model',
  'cloud-healthy',
  'openstack',
  'octavia',
  'quotas',
  'web-server',
  'docker-host',
  'image-built',
  'container-running',
  'hub-login',
  'image-pushed',
  'kubernetes',
  'hello-node',
  'replicas',
  'exposed',
  'lb-ip',
];

/** The table: one entry per fact (LAB.md §3 for the step numbers). */
export const FACTS: Record<FactName, FactInfo> = {
  'juju-model': {
    step: 0,
    fix: '`juju models` and set LABOPS_JUJU_MODEL to the OpenStack model',
    missing: {
      en: 'The Juju model of the OpenStack cloud is not there',
      'pt-BR': 'O modelo Juju da nuvem OpenStack não existe',
    },
  },
  'cloud-healthy': {
    step: 0,
    fix: '`/status` (fix the units it names; Vault must be unsealed)',
    missing: {
      en: 'The cloud is not healthy',
      'pt-BR': 'A nuvem não está saudável',
    },
  },
  openstack: {
    step: 0,
    fix: '`openstack token issue` on the runner and set OS_CLOUD or LABOPS_OPENRC (and OS_PASSWORD)',
    missing: {
      en: 'OpenStack does not accept the runner’s credentials',
      'pt-BR': 'O OpenStack não aceita as credenciais do runner',
    },
  },
  octavia: {
    step: 2,
    fix: '`/deploy octavia`',
    missing: { en: 'Octavia is not deployed yet', 'pt-BR': 'O Octavia ainda não foi instalado' },
  },
  quotas: {
    step: 3,
    fix: '`/quota`',
    missing: {
      en: 'The project quotas are not raised yet',
      'pt-BR': 'As quotas do projeto ainda não foram aumentadas',
    },
  },
  'web-server': {
    step: 4,
    fix: '`/deploy webserver`',
    missing: {
      en: 'The web-server instance is not there yet',
      'pt-BR': 'A instância web-server ainda não existe',
    },
  },
  'docker-host': {
    step: 5,
    fix: '`docker info` on the runner and set DOCKER_HOST (ssh://ubuntu@<web-server>)',
    missing: { en: 'The Docker host does not answer', 'pt-BR': 'O host Docker não responde' },
  },
  'image-built': {
    step: 5,
    fix: '`/image build <tag>`',
    missing: { en: 'The image is not built yet', 'pt-BR': 'A imagem ainda não foi construída' },
  },
  'container-running': {
    step: 5,
    fix: '`/image run <tag>`',
    missing: {
      en: 'No container of the image is running yet',
      'pt-BR': 'Nenhum contêiner da imagem está rodando ainda',
    },
  },
  'hub-login': {
    step: 5,
    fix: '`docker login -u <user>` on the runner',
    missing: {
      en: 'Docker is not logged in to Docker Hub',
      'pt-BR': 'O Docker não está logado no Docker Hub',
    },
  },
  'image-pushed': {
    step: 5,
    fix: '`/image push <tag>`',
    missing: {
      en: 'The image is not on Docker Hub yet',
      'pt-BR': 'A imagem ainda não está no Docker Hub',
    },
  },
  kubernetes: {
    step: 6,
    fix: '`/deploy k8s`',
    missing: {
      en: 'Kubernetes is not deployed yet',
      'pt-BR': 'O Kubernetes ainda não foi instalado',
    },
  },
  'hello-node': {
    step: 7,
    fix: '`/deploy hello-node`',
    missing: {
      en: 'hello-node is not deployed yet',
      'pt-BR': 'O hello-node ainda não foi implantado',
    },
  },
  replicas: {
    step: 7,
    fix: '`/scale hello-node <n>`',
    missing: {
      en: 'hello-node does not have its ready replicas yet',
      'pt-BR': 'O hello-node ainda não tem as réplicas prontas',
    },
  },
  exposed: {
    step: 7,
    fix: '`/expose nodeport`',
    missing: { en: 'hello-node is not exposed yet', 'pt-BR': 'O hello-node ainda não foi exposto' },
  },
  'lb-ip': {
    step: 9,
    fix: '`/expose loadbalancer`',
    missing: {
      en: 'The load balancer has no external IP yet',
      'pt-BR': 'O load balancer ainda não tem IP externo',
    },
  },
};

/** Texts of a fact that is there but does not work (read in place of its `missing` text). */
export const FACT_VARIANTS = {
  'kubernetes-unreachable': {
    en: 'Kubernetes does not answer',
    'pt-BR': 'O Kubernetes não responde',
  },
} satisfies Record<string, Localized>;

/** The parameters of the facts that take one. */
export interface FactParams {
  /** Image tag of `image-built` / `image-pushed` (default v1). */
  tag?: string;
  /** Ready replicas of `replicas` (default 5, the guide's number). */
  replicas?: number;
  /** The deployment of `hello-node` / `replicas` / `exposed` (default hello-node). */
  deployment?: string;
  /** The team's Docker Hub user, named in `docker login -u <user>`. */
  user?: string;
}

/** A requirement: a fact, with its parameters when it takes some. */
export type Requirement = FactName | ({ fact: FactName } & FactParams);

/** Pure: the fact and parameters of a requirement. */
export function requirementOf(r: Requirement): { fact: FactName } & FactParams {
  return typeof r === 'string' ? { fact: r } : r;
}

/** Pure: the fix command of a fact, with its parameters filled in. */
export function fixOf(fact: FactName, p: FactParams = {}): string {
  return FACTS[fact].fix
    .replaceAll('<tag>', p.tag ?? 'v1')
    .replaceAll('<n>', String(p.replicas ?? 5))
    .replaceAll('<user>', p.user ?? '<user>')
    .replace('/scale hello-node', `/scale ${p.deployment ?? 'hello-node'}`);
}
