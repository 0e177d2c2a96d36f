import type { CharmFacts } from '../charm-types.js';

/**
 * Endpoints, config keys and actions of the OpenStack charms at the channels the lab deploys:
 * 2023.2/stable, ovn 23.09/stable, vault 1.8/stable, mysql 8.0/stable and rabbitmq 3.9/stable
 * (their stable/jammy branches), ceph reef/stable. Read from each charm's own metadata.yaml,
 * config.yaml and actions.yaml (src/ for reactive charms, merged with the layers they include,
 * minus the layer.yaml config `deletes`, as `charm build` does; layers at their default branch);
 * series from the charmcraft.yaml bases (metadata.yaml `series` where there are none).
 * ovn-central and ovn-chassis come from their canonical/ mirrors. The source of every entry is
 * named above it. Endpoints are `name:interface` (`/c`: container scope).
 */
export const OPENSTACK_FACTS = {
  barbican: {
    // openstack/charm-barbican@4d887a71012b (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:openstack-api openstack/charm-layer-openstack-api@34311a62e9; layer:openstack-principle openstack/charm-layer-openstack-principle@2541283a7f; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy',
    provides: '',
    requires:
      'shared-db:mysql-shared amqp:rabbitmq identity-service:keystone hsm:barbican-hsm secrets:barbican-secrets ha:hacluster/c certificates:tls-certificates',
    peers: 'cluster:openstack-ha',
    config:
      'action-managed-upgrade debug dns-ha haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout hmac-key-length label-hmac label-mkek max-allowed-request-size max-allowed-secret-size mkek-key-length openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network region require-hsm-plugin ssl_ca ssl_cert ssl_key use-internal-endpoints use-policyd-override use-syslog vip vip_cidr vip_iface worker-multiplier',
    actions: 'generate-hmac generate-mkek openstack-upgrade package-upgrade pause restart-services resume',
  },
  'barbican-vault': {
    // openstack/charm-barbican-vault@58cc254204e9 (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy mantic',
    provides: 'secrets:barbican-secrets/c',
    requires: 'juju-info:juju-info/c secrets-storage:vault-kv certificates:tls-certificates',
    peers: '',
    config: '',
    actions: 'pause restart-services resume',
  },
  octavia: {
    // openstack/charm-octavia@99ea95b64c0e (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:openstack-api openstack/charm-layer-openstack-api@34311a62e9; layer:openstack-principle openstack/charm-layer-openstack-principle@2541283a7f; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy',
    provides: 'nrpe-external-master:nrpe-external-master/c',
    requires:
      'neutron-api:neutron-load-balancer neutron-openvswitch:neutron-plugin/c ovsdb-subordinate:ovsdb-subordinate/c ovsdb-cms:ovsdb-cms shared-db:mysql-shared amqp:rabbitmq identity-service:keystone ha:hacluster/c certificates:tls-certificates',
    peers: 'cluster:openstack-ha',
    config:
      'action-managed-upgrade active-connection-max-retries active-connection-retry-interval amp-image-owner-id amp-image-tag amp-ssh-key-name amp-ssh-pub-key anti-affinity-policy connection-max-retries connection-retry-interval create-mgmt-network custom-amp-flavor-id debug dns-ha enable-amphora enable-volume-based-amphora haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout lb-mgmt-controller-cacert lb-mgmt-controller-cert lb-mgmt-issuing-ca-key-passphrase lb-mgmt-issuing-ca-private-key lb-mgmt-issuing-cacert loadbalancer-topology nagios_context nagios_servicegroups openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network region spare-pool-size ssl_ca ssl_cert ssl_key tls_crit_days tls_warn_days use-internal-endpoints use-policyd-override vip vip_cidr vip_iface volume-size volume-type worker-multiplier',
    actions: 'configure-resources openstack-upgrade package-upgrade pause restart-services resume',
  },
  'octavia-dashboard': {
    // openstack/charm-octavia-dashboard@82fe6df7d61f (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy mantic',
    provides: '',
    requires: 'dashboard:dashboard-plugin/c certificates:tls-certificates',
    peers: '',
    config: '',
    actions: 'pause restart-services resume',
  },
  'octavia-diskimage-retrofit': {
    // openstack/charm-octavia-diskimage-retrofit@f9c734f44f4c (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf; layer:tls-client charmed-kubernetes/layer-tls-client@fb46dec78d; layer:debug charmed-kubernetes/layer-debug@527dd64fc4
    series: 'jammy',
    provides: '',
    requires: 'juju-info:juju-info/c identity-credentials:keystone-credentials certificates:tls-certificates',
    peers: '',
    config:
      'amp-image-tag auto-retrofit debug frequency retrofit-series retrofit-uca-pocket snapd_refresh ubuntu-mirror uca-mirror use-internal-endpoints',
    actions: 'debug pause restart-services resume retrofit-image',
  },
  'glance-simplestreams-sync': {
    // openstack/charm-glance-simplestreams-sync@942ffbe2b8d1 (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy mantic',
    provides:
      'simplestreams-image-service:glance-simplestreams-sync image-modifier:script-provider/c nrpe-external-master:nrpe-external-master/c',
    requires: 'identity-service:keystone certificates:tls-certificates',
    peers: '',
    config:
      'cloud_name content_id_template custom_keyring custom_properties frequency hypervisor_mapping ignore_proxy_for_object_store image_import_conversion key mirror_list nagios_context nagios_servicegroups name_prefix region run set_latest_property snap-channel source ssl_ca use-internal-endpoints use_swift user_agent visibility',
    actions: 'sync-images',
  },
  keystone: {
    // openstack/charm-keystone@16ccadab367d (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides:
      'nrpe-external-master:nrpe-external-master/c identity-service:keystone identity-notifications:keystone-notifications identity-admin:keystone-admin identity-credentials:keystone-credentials',
    requires:
      'shared-db:mysql-shared ha:hacluster/c domain-backend:keystone-domain-backend/c keystone-fid-service-provider:keystone-fid-service-provider/c websso-trusted-dashboard:websso-trusted-dashboard certificates:tls-certificates keystone-middleware:keystone-middleware/c',
    peers: 'cluster:keystone-ha',
    config:
      'action-managed-upgrade admin-password admin-port admin-role admin-user assignment-backend catalog-cache-expiration database database-user debug default-authorization-ttl dns-ha dogpile-cache-expiration ec2-auth-ttl fernet-max-active-keys ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden identity-backend identity-cache-expiration keystone-admin-role keystone-service-admin-role ldap-config-flags ldap-password ldap-readonly ldap-server ldap-suffix ldap-user log-level nagios_context nagios_servicegroups openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network password-security-compliance prefer-ipv6 preferred-api-version region role-cache-expiration service-admin-prefix service-port service-tenant ssl_ca ssl_cert ssl_key token-expiration token-provider use-policyd-override use-syslog verbose vip vip_cidr vip_iface worker-multiplier wsgi-socket-rotation',
    actions:
      'get-admin-password list-service-usernames openstack-upgrade package-upgrade pause resume rotate-admin-password rotate-service-user-password security-checklist',
  },
  'neutron-api': {
    // openstack/charm-neutron-api@13a16f5f391d (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides:
      'nrpe-external-master:nrpe-external-master/c neutron-api:neutron-api neutron-plugin-api:neutron-plugin-api neutron-load-balancer:neutron-load-balancer',
    requires:
      'shared-db:mysql-shared amqp:rabbitmq identity-service:keystone ha:hacluster/c vsd-rest-api:vsd-rest-api neutron-plugin-api-subordinate:neutron-plugin-api-subordinate/c etcd-proxy:etcd-proxy midonet:midonet external-dns:designate infoblox-neutron:infoblox/c certificates:tls-certificates',
    peers: 'cluster:neutron-api-ha',
    config:
      'action-managed-upgrade allow-automatic-dhcp-failover allow-automatic-l3agent-failover audit-middleware calico-origin config-flags database database-user db-max-overflow db-max-pool-size debug default-tenant-network-type dhcp-agents-per-network dhcp-load-type dns-domain dns-ha enable-dvr enable-firewall-group-logging enable-fwaas enable-hardware-offload enable-igmp-snooping enable-l3ha enable-ml2-dns enable-ml2-port-security enable-network-segment-range enable-port-forwarding enable-qos enable-security-group-logging enable-sriov enable-vlan-trunking extra-key extra-source flat-network-providers global-physnet-mtu ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden ipv4-ptr-zone-prefix-size ipv6-ptr-zone-prefix-size l2-population manage-neutron-plugin-legacy-mode max-l3-agents-per-router mem-password mem-username midonet-origin min-l3-agents-per-router nagios_context nagios_servicegroups network-device-mtu neutron-external-network neutron-plugin neutron-security-groups nsx-controllers nsx-l3-uuid nsx-password nsx-tz-uuid nsx-username nuage-packages openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network overlay-network-type path-mtu physical-network-mtus plumgrid-password plumgrid-username plumgrid-virtual-ip polling-interval prefer-ipv6 quota-floatingip quota-health-monitors quota-member quota-network quota-pool quota-port quota-router quota-security-group quota-security-group-rule quota-subnet quota-vip rabbit-user rabbit-vhost region report-interval reverse-dns-lookup router-scheduler-driver rpc-response-timeout ssl_ca ssl_cert ssl_key supported-pci-vendor-devs uplink-status-propagation use-internal-endpoints use-policyd-override use-syslog verbose vip vip_cidr vip_iface vlan-ranges vni-ranges vsd-auth vsd-auth-resource vsd-auth-ssl vsd-base-uri vsd-cms-id vsd-cms-name vsd-netpart-name vsd-organization vsd-server worker-multiplier',
    actions: 'openstack-upgrade pause resume security-checklist',
  },
  'neutron-api-plugin-ovn': {
    // openstack/charm-neutron-api-plugin-ovn@00da0fc12fec (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy mantic',
    provides: 'neutron-plugin:neutron-plugin-api-subordinate/c',
    requires: 'container:juju-info/c ovsdb-cms:ovsdb-cms certificates:tls-certificates',
    peers: '',
    config:
      'dhcp-default-lease-time dns-servers enable-distributed-floating-ip geneve-vni-ranges ovn-dhcp4-global-options ovn-dhcp6-global-options ovn-l3-scheduler ovn-metadata-enabled ovn-source',
    actions: 'migrate-mtu migrate-ovn-db offline-neutron-morph-db pause restart-services resume',
  },
  placement: {
    // openstack/charm-placement@f685fde3659e (stable/2023.2): src/metadata.yaml, config.yaml, actions.yaml; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:openstack-api openstack/charm-layer-openstack-api@34311a62e9; layer:openstack-principle openstack/charm-layer-openstack-principle@2541283a7f; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'jammy mantic',
    provides: 'placement:placement',
    requires:
      'shared-db:mysql-shared identity-service:keystone amqp:rabbitmq ha:hacluster/c certificates:tls-certificates',
    peers: 'cluster:openstack-ha',
    config:
      'action-managed-upgrade debug dns-ha haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network region ssl_ca ssl_cert ssl_key use-internal-endpoints use-syslog vip vip_cidr vip_iface worker-multiplier',
    actions: 'openstack-upgrade package-upgrade pause restart-services resume',
  },
  'nova-compute': {
    // openstack/charm-nova-compute@b5e7ec16e8ec (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides: 'cloud-compute:nova-compute nrpe-external-master:nrpe-external-master/c',
    requires:
      'amqp:rabbitmq image-service:glance ceph:ceph-client lxd:containers/c nova-ceilometer:nova-ceilometer/c nova-vgpu:nova-vgpu/c neutron-plugin:neutron-plugin/c ephemeral-backend:ephemeral-backend/c ceph-access:cinder-ceph-key cloud-credentials:keystone-credentials secrets-storage:vault-kv ironic-api:baremetal',
    peers: 'compute-peer:nova',
    config:
      'aa-profile-mode action-managed-upgrade authorized-keys-path block-device-allocate-retries block-device-allocate-retries-interval bluestore-compression-algorithm bluestore-compression-max-blob-size bluestore-compression-max-blob-size-hdd bluestore-compression-max-blob-size-ssd bluestore-compression-min-blob-size bluestore-compression-min-blob-size-hdd bluestore-compression-min-blob-size-ssd bluestore-compression-mode bluestore-compression-required-ratio bridge-interface bridge-ip bridge-netmask ceph-osd-replication-count ceph-pool-weight config-flags cpu-allocation-ratio cpu-dedicated-set cpu-mode cpu-model cpu-model-extra-flags cpu-models cpu-shared-set customize-failure-domain database database-user dbus-max-replies-per-connection debug default-availability-zone default-ephemeral-format disk-allocation-ratio disk-cachemodes ec-profile-crush-locality ec-profile-device-class ec-profile-durability-estimator ec-profile-helper-chunks ec-profile-k ec-profile-locality ec-profile-m ec-profile-name ec-profile-plugin ec-profile-scalar-mds ec-profile-technique ec-rbd-metadata-pool enable-live-migration enable-resize enable-vtpm encrypt ephemeral-device ephemeral-unmount extra-repositories flat-interface force-raw-images harden hugepages initial-cpu-allocation-ratio initial-disk-allocation-ratio initial-ram-allocation-ratio inject-password instances-path ksm libvirt-image-backend libvirt-migration-network live-migration-completion-timeout live-migration-downtime live-migration-downtime-delay live-migration-downtime-steps live-migration-permit-auto-converge live-migration-permit-post-copy migration-auth-type multi-host nagios_context nagios_servicegroups neutron-physnets neutron-tunnel notification-format nova-config num-pcie-ports openstack-origin os-internal-network pci-alias pci-passthrough-whitelist pool-type prefer-ipv6 rabbit-user rabbit-vhost ram-allocation-ratio rbd-client-cache rbd-pool reserved-host-disk reserved-host-memory reserved-huge-pages restrict-ceph-pools resume-guests-state-on-host-boot send-notifications-to-logs skip-cpu-compare-at-startup skip-cpu-compare-on-dest sysctl use-internal-endpoints use-multipath use-syslog vcpu-pin-set verbose virt-mkfs-cmds virt-type virtio-net-rx-queue-size virtio-net-tx-queue-size worker-multiplier',
    actions:
      'disable enable hugepagereport instance-count list-compute-nodes node-name openstack-upgrade package-upgrade pause register-to-cloud remove-from-cloud resume security-checklist virsh-audit',
  },
  'nova-cloud-controller': {
    // openstack/charm-nova-cloud-controller@9b5de27b9098 (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy mantic',
    provides: 'nrpe-external-master:nrpe-external-master/c cloud-controller:nova nova-cell-api:nova-cell',
    requires:
      'shared-db:mysql-shared amqp:rabbitmq image-service:glance identity-service:keystone cloud-compute:nova-compute cinder-volume-service:cinder dashboard:dashboard quantum-network-service:quantum neutron-api:neutron-api ha:hacluster/c nova-vmware:nova-vmware/c memcache:memcache certificates:tls-certificates shared-db-cell:mysql-shared amqp-cell:rabbitmq placement:placement',
    peers: 'cluster:nova-ha',
    config:
      'action-managed-upgrade allow-resize-to-same-host api-rate-limit-rules audit-middleware bridge-interface bridge-ip bridge-netmask cache-known-hosts config-flags console-access-port console-access-protocol console-keymap console-proxy-ip console-ssl-cert console-ssl-key cpu-allocation-ratio cross-az-attach database database-user debug disable-aws-compat disk-allocation-ratio dns-ha enable-isolated-aggregate-filtering enable-new-services enable-serial-console ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden limit-tenants-to-placement-aggregate max-local-block-devices nagios_context nagios_servicegroups network-manager neutron-external-network notification-format nova-alchemy-flags openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network pci-alias placement-aggregate-required-for-tenants prefer-ipv6 quota-cores quota-count-usage-from-placement quota-injected-file-size quota-injected-files quota-injected-path-size quota-instances quota-key-pairs quota-metadata-items quota-ram quota-server-group-members quota-server-groups rabbit-user rabbit-vhost ram-allocation-ratio region scheduler-default-filters scheduler-host-subset-size scheduler-max-attempts service-guard skip-hosts-with-build-failures spice-agent-enabled ssl_ca ssl_cert ssl_key unique-server-names use-internal-endpoints use-policyd-override use-syslog vendor-data vendor-data-url verbose vip vip_cidr vip_iface worker-multiplier wsgi-socket-rotation',
    actions:
      'archive-data clear-unit-knownhost-cache openstack-upgrade pause purge-data resume security-checklist sync-compute-availability-zones',
  },
  glance: {
    // openstack/charm-glance@c3da63606d5e (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides: 'nrpe-external-master:nrpe-external-master/c image-service:glance',
    requires:
      'shared-db:mysql-shared amqp:rabbitmq object-store:swift-proxy identity-service:keystone ceph:ceph-client ha:hacluster/c cinder-volume-service:cinder storage-backend:glance-backend/c certificates:tls-certificates',
    peers: 'cluster:glance-ha',
    config:
      'action-managed-upgrade api-config-flags audit-middleware bluestore-compression-algorithm bluestore-compression-max-blob-size bluestore-compression-max-blob-size-hdd bluestore-compression-max-blob-size-ssd bluestore-compression-min-blob-size bluestore-compression-min-blob-size-hdd bluestore-compression-min-blob-size-ssd bluestore-compression-mode bluestore-compression-required-ratio ceph-osd-replication-count ceph-pool-weight cinder-http-retries cinder-state-transition-timeout cinder-volume-types container-formats custom-import-properties database database-user debug disk-formats dns-ha ec-profile-crush-locality ec-profile-device-class ec-profile-durability-estimator ec-profile-helper-chunks ec-profile-k ec-profile-locality ec-profile-m ec-profile-name ec-profile-plugin ec-profile-scalar-mds ec-profile-technique ec-rbd-metadata-pool expose-image-locations filesystem-store-datadir ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden image-conversion image-size-cap nagios_context nagios_servicegroups openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network pool-type prefer-ipv6 rabbit-user rabbit-vhost rados-connect-timeout rbd-pool-name region registry-config-flags restrict-ceph-pools restrict-image-location-operations s3-store-access-key s3-store-bucket s3-store-host s3-store-secret-key ssl_ca ssl_cert ssl_key use-internal-endpoints use-policyd-override use-syslog verbose vip vip_cidr vip_iface worker-multiplier',
    actions: 'openstack-upgrade pause resume security-checklist',
  },
  cinder: {
    // openstack/charm-cinder@6a295449330e (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy mantic',
    provides: 'nrpe-external-master:nrpe-external-master/c cinder-volume-service:cinder',
    requires:
      'shared-db:mysql-shared amqp:rabbitmq identity-service:keystone identity-credentials:keystone-credentials ceph:ceph-client image-service:glance ha:hacluster/c storage-backend:cinder-backend/c backup-backend:cinder-backup/c certificates:tls-certificates',
    peers: 'cluster:cinder-ha',
    config:
      'action-managed-upgrade api-listening-port audit-middleware block-device ceph-osd-replication-count config-flags database database-user debug default-volume-type dns-ha enabled-services ephemeral-unmount glance-api-version ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden image-volume-cache-enabled image-volume-cache-max-count image-volume-cache-max-size-gb nagios_context nagios_servicegroups notification-topics openstack-origin os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network overwrite prefer-ipv6 rabbit-user rabbit-vhost region remove-missing remove-missing-force restrict-ceph-pools scheduler-default-filters ssl_ca ssl_cert ssl_key use-internal-endpoints use-policyd-override use-syslog verbose vip vip_cidr vip_iface volume-group volume-usage-audit-period worker-multiplier wsgi-socket-rotation',
    actions:
      'openstack-upgrade pause remove-services rename-volume-host resume security-checklist volume-host-add-driver',
  },
  'cinder-ceph': {
    // openstack/charm-cinder-ceph@1f207defb4a4 (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides: 'storage-backend:cinder-backend/c ceph-access:cinder-ceph-key',
    requires: 'juju-info:juju-info/c ceph:ceph-client ceph-replication-device:ceph-client',
    peers: '',
    config:
      'backend-availability-zone bluestore-compression-algorithm bluestore-compression-max-blob-size bluestore-compression-max-blob-size-hdd bluestore-compression-max-blob-size-ssd bluestore-compression-min-blob-size bluestore-compression-min-blob-size-hdd bluestore-compression-min-blob-size-ssd bluestore-compression-mode bluestore-compression-required-ratio ceph-osd-replication-count ceph-pool-weight ec-profile-crush-locality ec-profile-device-class ec-profile-durability-estimator ec-profile-helper-chunks ec-profile-k ec-profile-locality ec-profile-m ec-profile-name ec-profile-plugin ec-profile-scalar-mds ec-profile-technique ec-rbd-metadata-pool pool-type rbd-flatten-volume-from-snapshot rbd-mirroring-mode rbd-pool-name restrict-ceph-pools use-syslog volume-backend-name',
    actions: '',
  },
  'openstack-dashboard': {
    // openstack/charm-openstack-dashboard@22727f42f08c (stable/2023.2): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy mantic',
    provides:
      'nrpe-external-master:nrpe-external-master/c website:http dashboard-plugin:dashboard-plugin/c websso-trusted-dashboard:websso-trusted-dashboard dashboard:dashboard',
    requires:
      'identity-service:keystone ha:hacluster/c shared-db:mysql-shared websso-fid-service-provider:websso-fid-service-provider certificates:tls-certificates application-dashboard:register-application',
    peers: 'cluster:openstack-dashboard-ha',
    config:
      'action-managed-upgrade allow-password-autocompletion api-result-limit cinder-backup create-instance-flavor-sort-key create-instance-flavor-sort-reverse custom-theme customization-module database database-user debug default-create-volume default-domain default-role default-theme disable-instance-snapshot disable-password-reveal dns-ha dropdown-max-items enable-consistency-groups enable-fip-topology-check enable-router-panel endpoint-type enforce-password-check enforce-ssl extra-regions ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-expose-stats haproxy-limit-period haproxy-max-bytes-in-rate haproxy-queue-timeout haproxy-rate-limiting-enabled haproxy-server-timeout harden help-url hide-create-volume hsts-max-age-seconds image-formats mfa-totp-enabled nagios_check_http_params nagios_context nagios_servicegroups neutron-network-dvr neutron-network-firewall neutron-network-l3ha neutron-network-lb neutron-network-vpn offline-compression openstack-origin os-public-hostname password-retrieve prefer-ipv6 profile retrieve-network-data-when-listing-instances secret session-timeout site-branding site-branding-link site-name ssl_ca ssl_cert ssl_key ubuntu-theme use-internal-endpoints use-policyd-override use-syslog vip vip_cidr vip_iface webroot worker-multiplier wsgi-socket-rotation',
    actions: 'openstack-upgrade package-upgrade pause resume security-checklist',
  },
  vault: {
    // openstack/charm-vault@16e983ed4daa (stable/1.8): src/metadata.yaml, config.yaml, actions.yaml; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf; layer:leadership stub42/layer-leadership@cc5bd3f49b
    series: 'jammy',
    provides: 'nrpe-external-master:nrpe-external-master/c secrets:vault-kv certificates:tls-certificates',
    requires: 'db:pgsql shared-db:mysql-shared etcd:etcd ha:hacluster/c lb-provider:loadbalancer',
    peers: 'cluster:vault-ha',
    config:
      'auto-generate-root-ca-cert channel default-ca-ttl default-ttl disable-mlock dns-ha-access-record hostname max-ttl nagios_context nagios_servicegroups snapd_refresh ssl-ca ssl-cert ssl-chain ssl-key totally-unsecure-auto-unlock vip',
    actions:
      'authorize-charm disable-pki generate-certificate generate-root-ca get-csr get-root-ca pause raft-bootstrap-node raft-state refresh-secrets reissue-certificates reload restart resume upload-signed-csr',
  },
  'mysql-router': {
    // openstack/charm-mysql-router@a3178be2167d (stable/jammy): src/metadata.yaml, config.yaml, actions.yaml; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d
    series: 'focal jammy',
    provides: 'shared-db:mysql-shared/c',
    requires: 'juju-info:juju-info/c db-router:mysql-router certificates:tls-certificates',
    peers: '',
    config:
      'auth_cache_refresh_interval auth_cache_ttl base-port debug max_connections source ssl_ca ssl_cert ssl_key ttl use-syslog',
    actions: 'pause restart-mysqlrouter restart-services resume start-mysqlrouter stop-mysqlrouter',
  },
  'mysql-innodb-cluster': {
    // openstack/charm-mysql-innodb-cluster@15e34e69cd95 (stable/jammy): src/metadata.yaml, config.yaml, actions.yaml; layer:coordinator stub42/layer-coordinator@fa27fc93e0; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf; layer:openstack openstack/charm-layer-openstack@7c671b0696
    series: 'focal jammy',
    provides: 'shared-db:mysql-shared db-router:mysql-router db-monitor:mysql-monitor/c',
    requires: 'certificates:tls-certificates',
    peers: 'cluster:mysql-innodb-cluster coordinator:coordinator',
    config:
      'auto-rejoin-tries binlogs-expire-days binlogs-max-size binlogs-path cluster-name enable-binlogs expel-timeout innodb-buffer-pool-size innodb-change-buffering innodb-file-per-table innodb-io-capacity max-connections os-db-router-hostname prefer-ipv6 snapd_refresh source ssl_ca ssl_cert ssl_key table-open-cache tuning-level wait-timeout',
    actions:
      'add-instance cluster-rescan cluster-status list-service-usernames mysqldump pause reboot-cluster-from-complete-outage rejoin-instance remove-instance restart-services restore-mysqldump resume rotate-service-user-password set-cluster-option update-unit-acls',
  },
  'rabbitmq-server': {
    // openstack/charm-rabbitmq-server@7157d0462f54 (stable/jammy): metadata.yaml, config.yaml, actions.yaml
    series: 'jammy',
    provides:
      'amqp:rabbitmq nrpe-external-master:nrpe-external-master/c dashboards:grafana-dashboard scrape:http prometheus-rules:prometheus-rules',
    requires: 'ha:hacluster/c certificates:tls-certificates',
    peers: 'cluster:rabbitmq-ha',
    config:
      'access-network busiest_queues check-vhosts cluster-network cluster-partition-handling connection-backlog consumer-timeout cron-timeout enable-auto-restarts erl-vm-io-thread-multiplier exclude_queues ha-bindiface ha-mcastport ha-vip-only harden key management_plugin max-cluster-tries min-cluster-size mirroring-queues mnesia-table-loading-retry-limit mnesia-table-loading-retry-timeout nagios_context nagios_servicegroups notification-ttl prefer-ipv6 queue-master-locator queue_thresholds source ssl ssl_ca ssl_cert ssl_enabled ssl_key ssl_port stats_cron_schedule use-syslog vip vip_cidr vip_iface',
    actions:
      'check-queues cluster-status complete-cluster-series-upgrade force-boot forget-cluster-node list-service-usernames list-unconsumed-queues pause restart-services resume rotate-service-user-password run-deferred-hooks show-deferred-events',
  },
  'ceph-mon': {
    // openstack/charm-ceph-mon@522efa14a587 (stable/reef): metadata.yaml, config.yaml, actions.yaml
    series: 'focal jammy',
    provides:
      'nrpe-external-master:nrpe-external-master/c mds:ceph-mds admin:ceph-admin client:ceph-client osd:ceph-osd radosgw:ceph-radosgw rbd-mirror:ceph-rbd-mirror prometheus:http metrics-endpoint:prometheus_scrape dashboard:ceph-dashboard cos-agent:cos_agent',
    requires: 'bootstrap-source:ceph-bootstrap',
    peers: 'mon:ceph',
    config:
      'auth-supported balancer-mode ceph-cluster-network ceph-public-network config-flags customize-failure-domain default-rbd-features disable-pg-max-object-skew expected-osd-count fsid harden key loglevel monitor-count monitor-data-available-critical monitor-data-available-warning monitor-hosts monitor-secret nagios_additional_checks nagios_additional_checks_critical nagios_check_num_osds nagios_context nagios_degraded_thresh nagios_misplaced_thresh nagios_raise_nodeepscrub nagios_recovery_rate nagios_rgw_additional_checks nagios_rgw_zones nagios_servicegroups no-bootstrap permit-insecure-cmr pg-autotune pgs-per-osd prefer-ipv6 rbd-stats-pools source sysctl use-direct-io use-syslog',
    actions:
      'change-osd-weight copy-pool create-cache-tier create-crush-rule create-erasure-profile create-pool crushmap-update delete-erasure-profile delete-pool delete-user get-erasure-profile get-health get-or-create-user get-quorum-status list-crush-rules list-entities list-erasure-profiles list-inconsistent-objs list-pools pause-health pg-repair pool-get pool-set pool-statistics purge-osd remove-cache-tier remove-pool-snapshot rename-pool reset-osd-count-report resume-health rotate-key security-checklist set-noout set-pool-max-bytes show-disk-free snapshot-pool unset-noout',
  },
  'ceph-osd': {
    // openstack/charm-ceph-osd@7dbd85f9a4d3 (stable/reef): metadata.yaml, config.yaml, actions.yaml
    series: 'focal jammy',
    provides: 'nrpe-external-master:nrpe-external-master/c',
    requires: 'mon:ceph-osd secrets-storage:vault-kv',
    peers: '',
    config:
      'aa-profile-mode autotune availability_zone bdev-enable-discard bluestore-block-db-size bluestore-block-wal-size bluestore-compression-algorithm bluestore-compression-max-blob-size bluestore-compression-max-blob-size-hdd bluestore-compression-max-blob-size-ssd bluestore-compression-min-blob-size bluestore-compression-min-blob-size-hdd bluestore-compression-min-blob-size-ssd bluestore-compression-mode bluestore-compression-required-ratio bluestore-db bluestore-wal ceph-cluster-network ceph-public-network config-flags crush-initial-weight customize-failure-domain ephemeral-unmount harden ignore-device-errors key loglevel max-sectors-kb nagios_context nagios_servicegroups osd-devices osd-encrypt osd-encrypt-keymanager osd-format osd-journal osd-journal-size osd-max-backfills osd-recovery-max-active prefer-ipv6 source sysctl tune-osd-memory-target use-direct-io use-syslog',
    actions:
      'add-disk blacklist-add-disk blacklist-remove-disk get-availability-zone list-disks osd-in osd-out remove-disk security-checklist start stop update-apparmor-and-restart-osds zap-disk',
  },
  'ceph-radosgw': {
    // openstack/charm-ceph-radosgw@38dbb80d6ef3 (stable/reef): metadata.yaml, config.yaml, actions.yaml
    series: 'focal jammy',
    provides:
      'nrpe-external-master:nrpe-external-master/c gateway:http master:radosgw-multisite primary:radosgw-multisite object-store:swift-proxy radosgw-user:radosgw-user s3:s3',
    requires:
      'mon:ceph-radosgw identity-service:keystone ha:hacluster/c certificates:tls-certificates slave:radosgw-multisite secondary:radosgw-multisite',
    peers: 'cluster:swift-ha',
    config:
      'admin-roles bluestore-compression-algorithm bluestore-compression-max-blob-size bluestore-compression-max-blob-size-hdd bluestore-compression-max-blob-size-ssd bluestore-compression-min-blob-size bluestore-compression-min-blob-size-hdd bluestore-compression-min-blob-size-ssd bluestore-compression-mode bluestore-compression-required-ratio cache-size ceph-osd-replication-count config-flags dns-ha ec-profile-crush-locality ec-profile-device-class ec-profile-durability-estimator ec-profile-helper-chunks ec-profile-k ec-profile-locality ec-profile-m ec-profile-name ec-profile-plugin ec-profile-scalar-mds ec-profile-technique ec-rbd-metadata-pool ha-bindiface ha-mcastport haproxy-client-timeout haproxy-connect-timeout haproxy-queue-timeout haproxy-server-timeout harden http-frontend key loglevel nagios_context nagios_servicegroups namespace-tenants operator-roles os-admin-hostname os-admin-network os-internal-hostname os-internal-network os-public-hostname os-public-network pool-prefix pool-type port prefer-ipv6 realm region relaxed-s3-bucket-names restrict-ceph-pools rgw-buckets-pool-weight rgw-lightweight-pool-pg-num rgw-swift-versioning-enabled source ssl_ca ssl_cert ssl_key sync-policy-flow-type sync-policy-state use-syslog vip virtual-hosted-bucket-enabled zone zonegroup',
    actions:
      'disable-buckets-sync enable-buckets-sync force-enable-multisite pause promote readonly readwrite reset-buckets-sync resume tidydefaults',
  },
  'ovn-central': {
    // canonical/charm-ovn-central@5d715b242203 (stable/23.09): src/metadata.yaml, config.yaml, actions.yaml; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:coordinator stub42/layer-coordinator@fa27fc93e0; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf
    series: 'jammy mantic',
    provides:
      'ovsdb:ovsdb ovsdb-cms:ovsdb-cms ovsdb-server:ovsdb-cluster nrpe-external-master:nrpe-external-master/c metrics-endpoint:prometheus_scrape',
    requires: 'certificates:tls-certificates',
    peers: 'ovsdb-peer:ovsdb-cluster coordinator:coordinator',
    config:
      'enable-auto-restarts nagios_context nagios_servicegroups ovn-exporter-channel ovn-source ovsdb-server-election-timer ovsdb-server-inactivity-probe snapd_refresh source',
    actions:
      'cluster-kick cluster-status pause restart-services resume run-deferred-hooks show-deferred-events',
  },
  'ovn-chassis': {
    // canonical/charm-ovn-chassis@4b3581f4195b (stable/23.09): src/metadata.yaml, config.yaml, actions.yaml; layer:ovn openstack-charmers/charm-layer-ovn@b0cee1d3b1; layer:openstack openstack/charm-layer-openstack@7c671b0696; layer:basic charmed-kubernetes/layer-basic@24324f8dab; layer:options juju-solutions/layer-options@fcdcea4e5d; layer:leadership stub42/layer-leadership@cc5bd3f49b; layer:snap charmed-kubernetes/layer-snap@a6b6730bbf
    series: 'jammy mantic',
    provides:
      'nova-compute:neutron-plugin/c ovsdb-subordinate:ovsdb-subordinate/c nrpe-external-master:nrpe-external-master/c metrics-endpoint:prometheus_scrape cos-agent:cos_agent',
    requires: 'juju-info:juju-info/c ovsdb:ovsdb amqp:rabbitmq certificates:tls-certificates',
    peers: '',
    config:
      'bridge-interface-mappings debug disable-mlockall dpdk-bond-config dpdk-bond-mappings dpdk-driver dpdk-runtime-libraries dpdk-socket-cores dpdk-socket-memory enable-auto-restarts enable-dpdk enable-hardware-offload enable-sriov enable-version-pinning nagios_context nagios_servicegroups new-units-paused openstack-metadata-workers ovn-bridge-mappings ovn-monitor-all ovn-source ovs-exporter-channel pmd-cpu-set prefer-chassis-as-gw snapd_refresh sriov-device-mappings sriov-numvfs vpd-device-spec',
    actions: 'pause restart-services resume run-deferred-hooks show-deferred-events',
  },
} satisfies Record<string, CharmFacts>;
