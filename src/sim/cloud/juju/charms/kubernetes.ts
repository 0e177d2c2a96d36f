import type { CharmFacts } from '../charm-types.js';

/**
 * The kubernetes-core charms and openstack-integrator at the release the lab pins (charmed-kubernetes
 * 1.28: `1.28/stable`, branch release_1.28) and at `latest/stable` (each repository's main branch),
 * read from each charm's own metadata.yaml/config.yaml/actions.yaml, or its charmcraft.yaml where
 * those live there (series from charmcraft.yaml bases; reactive charms merged with the layers they
 * include, as `charm build` does). Endpoints are `name:interface` (`/c`: container scope).
 */

/** Release 1.28 (`1.28/stable`). */
export const K8S_128_FACTS = {
  'kubernetes-control-plane': {
    // charmed-kubernetes/charm-kubernetes-control-plane@138dd0180c61 (release_1.28): metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:snap charmed-kubernetes/layer-snap@049618f7b9; layer:tls-client charmed-kubernetes/layer-tls-client@fb46dec78d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:metrics charmed-kubernetes/layer-metrics@f491ebe32b; layer:nagios charmed-kubernetes/layer-nagios@47dfcd4920; layer:cdk-service-kicker charmed-kubernetes/layer-cdk-service-kicker@b60102068c; layer:kubernetes-node-base charmed-kubernetes/layer-kubernetes-node-base@17b231c699; layer:cis-benchmark charmed-kubernetes/layer-cis-benchmark@195fa11c4b; layer:coordinator stub42/layer-coordinator@fa27fc93e0; layer:kubernetes-common charmed-kubernetes/layer-kubernetes-common@344579d83b; layer:vault-kv charmed-kubernetes/layer-vault-kv@60f82079cd; layer:vaultlocker (not read); layer:hacluster charmed-kubernetes/layer-hacluster@a8f88f16bb
    series: 'jammy focal',
    provides:
      'kube-api-endpoint:http kube-control:kube-control cni:kubernetes-cni/c prometheus:prometheus-manual grafana:grafana-dashboard aws-iam:aws-iam/c nrpe-external-master:nrpe-external-master/c container-runtime:container-runtime/c',
    requires:
      'etcd:etcd loadbalancer:public-address ceph-storage:ceph-admin ceph-client:ceph-client aws:aws-integration gcp:gcp-integration openstack:openstack-integration vsphere:vsphere-integration azure:azure-integration keystone-credentials:keystone-credentials dns-provider:kube-dns loadbalancer-internal:loadbalancer loadbalancer-external:loadbalancer external-cloud-provider:external_cloud_provider certificates:tls-certificates vault-kv:vault-kv ha:hacluster',
    peers: 'kube-masters:kube-masters coordinator:coordinator',
    config:
      'allow-privileged api-aggregation-extension api-extra-args audit-policy audit-webhook-config authn-webhook-endpoint authorization-mode cephfs-mounter channel cinder-availability-zone client_password controller-manager-extra-args dashboard-auth default-cni default-storage dns-provider dns_domain enable-dashboard-addons enable-keystone-authorization enable-metrics enable-nvidia-plugin extra_sans ha-cluster-dns ha-cluster-vip ignore-kube-system-pods ignore-missing-cni image-registry keystone-policy keystone-ssl-ca kubelet-extra-args kubelet-extra-config labels loadbalancer-ips nagios_context nagios_servicegroups pod-security-policy proxy-extra-args proxy-extra-config register-with-taints require-manual-upgrade scheduler-extra-args service-cidr snapd_refresh storage-backend sysctl',
    actions:
      'apply-manifest cis-benchmark debug get-kubeconfig namespace-create namespace-delete namespace-list restart upgrade user-create user-delete user-list',
  },
  'kubernetes-worker': {
    // charmed-kubernetes/charm-kubernetes-worker@1b6fafe54ec5 (release_1.28): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:apt stub42/layer-apt@76bddfb640; layer:status charmed-kubernetes/layer-status@a7d7b6423d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:snap charmed-kubernetes/layer-snap@049618f7b9; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:metrics charmed-kubernetes/layer-metrics@f491ebe32b; layer:nagios charmed-kubernetes/layer-nagios@47dfcd4920; layer:tls-client charmed-kubernetes/layer-tls-client@fb46dec78d; layer:cdk-service-kicker charmed-kubernetes/layer-cdk-service-kicker@b60102068c; layer:kubernetes-node-base charmed-kubernetes/layer-kubernetes-node-base@17b231c699; layer:cis-benchmark charmed-kubernetes/layer-cis-benchmark@195fa11c4b; layer:coordinator stub42/layer-coordinator@fa27fc93e0; layer:kubernetes-common charmed-kubernetes/layer-kubernetes-common@344579d83b
    series: 'focal jammy',
    provides:
      'cni:kubernetes-cni/c ingress-proxy:http scrape:prometheus nrpe-external-master:nrpe-external-master/c container-runtime:container-runtime/c',
    requires:
      'kube-api-endpoint:http kube-control:kube-control aws:aws-integration gcp:gcp-integration openstack:openstack-integration vsphere:vsphere-integration azure:azure-integration nfs:mount certificates:tls-certificates',
    peers: 'coordinator:coordinator',
    config:
      'channel default-backend-image extra_packages ignore-missing-cni ingress ingress-default-ssl-certificate ingress-default-ssl-key ingress-ssl-chain-completion ingress-ssl-passthrough ingress-use-forwarded-headers install_keys install_sources kubelet-extra-args kubelet-extra-config labels nagios_context nagios_servicegroups nginx-image package_status proxy-extra-args proxy-extra-config require-manual-upgrade snapd_refresh sysctl',
    actions: 'cis-benchmark debug microbot pause resume upgrade',
  },
  etcd: {
    // charmed-kubernetes/layer-etcd@b688b588dca9 (release_1.28): metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:cis-benchmark charmed-kubernetes/layer-cis-benchmark@195fa11c4b; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:nagios charmed-kubernetes/layer-nagios@47dfcd4920; layer:tls-client charmed-kubernetes/layer-tls-client@fb46dec78d; layer:snap charmed-kubernetes/layer-snap@049618f7b9; layer:cdk-service-kicker charmed-kubernetes/layer-cdk-service-kicker@b60102068c; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy focal',
    provides:
      'db:etcd proxy:etcd-proxy prometheus:prometheus-manual grafana:grafana-dashboard nrpe-external-master:nrpe-external-master/c',
    requires: 'certificates:tls-certificates',
    peers: 'cluster:etcd',
    config:
      'bind_to_all_interfaces channel management_port nagios_context nagios_servicegroups port snapd_refresh tls_cipher_suites',
    actions:
      'alarm-disarm alarm-list cis-benchmark compact debug defrag health package-client-credentials restore snap-upgrade snapshot',
  },
  easyrsa: {
    // charmed-kubernetes/layer-easyrsa@b26c3773b2da (release_1.28): metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy focal',
    provides: 'client:tls-certificates',
    requires: '',
    peers: '',
    config: '',
    actions: 'backup debug delete-backup list-backups restore',
  },
  calico: {
    // charmed-kubernetes/charm-calico@8021019b17a9 (release_1.28): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy focal',
    provides: '',
    requires: 'etcd:etcd cni:kubernetes-cni/c',
    peers: '',
    config:
      'bgp-service-cluster-ips bgp-service-external-ips bgp-service-loadbalancer-ips cidr disable-vxlan-tx-checksumming global-as-number global-bgp-peers ignore-loose-rpf image-registry ipip manage-pools nat-outgoing node-to-node-mesh release route-reflector-cluster-ids subnet-as-numbers subnet-bgp-peers unit-as-numbers unit-bgp-peers veth-mtu vxlan',
    actions: 'list-resources list-versions scrub-resources sync-resources',
  },
  containerd: {
    // charmed-kubernetes/charm-containerd@4260c72eb454 (release_1.28): metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:container-runtime-common charmed-kubernetes/layer-container-runtime-common@be187bfe2e; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy focal',
    provides: 'untrusted:untrusted-container-runtime/c',
    requires: 'containerd:container-runtime/c docker-registry:docker-registry',
    peers: '',
    config:
      'config_version custom-registry-ca custom_registries disable-juju-proxy enable-cgroups gpu_driver http_proxy https_proxy kill_signal no_proxy nvidia_apt_key_urls nvidia_apt_packages nvidia_apt_sources runtime shim',
    actions: 'debug upgrade-containerd upgrade-packages',
  },
  'openstack-integrator': {
    // charmed-kubernetes/charm-openstack-integrator@f3f2456555e7 (release_1.28): metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@23e978fe28; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:status charmed-kubernetes/layer-status@a7d7b6423d; layer:snap charmed-kubernetes/layer-snap@049618f7b9
    series: 'jammy focal',
    provides: 'clients:openstack-integration credentials:keystone-credentials loadbalancer:public-address',
    requires: '',
    peers: '',
    config:
      'auth-url bs-version credentials endpoint-tls-ca floating-network-id ignore-volume-az internal-lb lb-enabled lb-floating-network lb-method lb-port lb-subnet manage-security-groups password project-domain-name project-name region snapd_refresh subnet-id trust-device-path user-domain-name username',
    actions: 'refresh-credentials',
  },
} satisfies Record<string, CharmFacts>;

/** `latest/stable` (main). */
export const K8S_LATEST_FACTS = {
  'kubernetes-control-plane': {
    // charmed-kubernetes/charm-kubernetes-control-plane@2d587307c607 (main): charmcraft.yaml
    series: 'jammy noble',
    provides:
      'cni:kubernetes-cni/c container-runtime:container-runtime/c cos-agent:cos_agent kube-control:kube-control tokens:tokens',
    requires:
      'ceph-client:ceph-client aws:aws-integration gcp:gcp-integration azure:azure-integration openstack:openstack-integration keystone-credentials:keystone-credentials certificates:tls-certificates dns-provider:kube-dns etcd:etcd ha:hacluster loadbalancer-external:loadbalancer loadbalancer-internal:loadbalancer external-cloud-provider:external_cloud_provider vault-kv:vault-kv',
    peers: 'coordinator:coordinator peer:kubernetes-control-plane-peer',
    config:
      'allow-privileged api-extra-args audit-policy audit-webhook-config authn-webhook-endpoint authorization-mode authorization-webhook-config-file channel controller-manager-extra-args default-cni default-storage dns-provider dns_domain enable-dashboard-addons enable-metrics enable-nvidia-plugin extra_sans ha-cluster-dns ha-cluster-vip ignore-kube-system-pods ignore-missing-cni image-registry kubelet-extra-args kubelet-extra-config labels loadbalancer-ips proxy-extra-args proxy-extra-config register-with-taints scheduler-extra-args service-cidr sysctl',
    actions:
      'apply-manifest cis-benchmark get-kubeconfig namespace-create namespace-delete namespace-list restart upgrade user-create user-delete user-list',
  },
  'kubernetes-worker': {
    // charmed-kubernetes/charm-kubernetes-worker@b702c9631545 (main): charmcraft.yaml
    series: 'jammy noble',
    provides:
      'cni:kubernetes-cni/c container-runtime:container-runtime/c cos-agent:cos_agent ingress-proxy:http',
    requires:
      'aws:aws-integration gcp:gcp-integration azure:azure-integration certificates:tls-certificates kube-control:kube-control tokens:tokens',
    peers: 'coordinator:coordinator',
    config:
      'channel ignore-missing-cni ingress ingress-default-ssl-certificate ingress-default-ssl-key ingress-proxy-real-ip-cidr ingress-ssl-chain-completion ingress-ssl-passthrough ingress-use-forwarded-headers kubelet-extra-args kubelet-extra-config labels nginx-image proxy-extra-args proxy-extra-config sysctl',
    actions: 'cis-benchmark upgrade',
  },
  etcd: {
    // charmed-kubernetes/layer-etcd@233f62a8ff1f (main): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:cis-benchmark charmed-kubernetes/layer-cis-benchmark@d94a0219d5; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:nagios charmed-kubernetes/layer-nagios@47dfcd4920; layer:tls-client charmed-kubernetes/layer-tls-client@fb46dec78d; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf; layer:cdk-service-kicker charmed-kubernetes/layer-cdk-service-kicker@b60102068c; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy noble',
    provides:
      'db:etcd proxy:etcd-proxy prometheus:prometheus-manual grafana:grafana-dashboard nrpe-external-master:nrpe-external-master/c',
    requires: 'certificates:tls-certificates',
    peers: 'cluster:etcd',
    config:
      'bind_to_all_interfaces bind_with_insecure_http channel election_timeout heartbeat_interval management_port nagios_context nagios_servicegroups port snapd_refresh snapshot_count tls_cipher_suites',
    actions:
      'alarm-disarm alarm-list cis-benchmark compact debug defrag health package-client-credentials restore snap-upgrade snapshot',
  },
  easyrsa: {
    // charmed-kubernetes/layer-easyrsa@3cb8d83f3a33 (main): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy noble',
    provides: 'client:tls-certificates',
    requires: '',
    peers: '',
    config: '',
    actions: 'backup debug delete-backup list-backups restore',
  },
  calico: {
    // charmed-kubernetes/charm-calico@0e0101314312 (main): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy focal',
    provides: '',
    requires: 'etcd:etcd cni:kubernetes-cni/c',
    peers: '',
    config:
      'bgp-service-cluster-ips bgp-service-external-ips bgp-service-loadbalancer-ips cidr disable-vxlan-tx-checksumming global-as-number global-bgp-peers ignore-loose-rpf image-registry ipip manage-pools nat-outgoing node-to-node-mesh release route-reflector-cluster-ids subnet-as-numbers subnet-bgp-peers unit-as-numbers unit-bgp-peers veth-mtu vxlan',
    actions: 'list-resources list-versions scrub-resources sync-resources',
  },
  containerd: {
    // charmed-kubernetes/charm-containerd@82d0953638ba (main): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4; layer:container-runtime-common charmed-kubernetes/layer-container-runtime-common@be187bfe2e; layer:status charmed-kubernetes/layer-status@a7d7b6423d
    series: 'jammy noble',
    provides: 'untrusted:untrusted-container-runtime/c',
    requires: 'containerd:container-runtime/c docker-registry:docker-registry',
    peers: '',
    config:
      'config_version custom-registry-ca custom_registries disable-juju-proxy enable-cgroups gpu_driver http_proxy https_proxy kill_signal no_proxy nvidia_apt_key_urls nvidia_apt_packages nvidia_apt_sources runtime shim',
    actions: 'debug upgrade-containerd upgrade-packages',
  },
  'openstack-integrator': {
    // charmed-kubernetes/charm-openstack-integrator@b8a86a83afdf (main): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:status charmed-kubernetes/layer-status@a7d7b6423d; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf
    series: 'jammy noble',
    provides:
      'clients:openstack-integration credentials:keystone-credentials loadbalancer:public-address lb-consumers:loadbalancer',
    requires: '',
    peers: '',
    config:
      'auth-url bs-version credentials domain-id domain-name endpoint-tls-ca floating-network-id ignore-volume-az internal-lb lb-enabled lb-floating-network lb-method lb-port lb-subnet manage-security-groups password project-domain-id project-domain-name project-id project-name region snapd_refresh subnet-id trust-device-path user-domain-id user-domain-name username web-proxy-enable',
    actions: 'refresh-credentials',
  },
  ubuntu: {
    // canonical/charm-ubuntu@d51bee904280 (master): charmcraft.yaml
    series: 'jammy noble',
    provides: '',
    requires: '',
    peers: '',
    config: 'hostname',
    actions: '',
  },
} satisfies Record<string, CharmFacts>;
