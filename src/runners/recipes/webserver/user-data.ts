import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helloNodeDir } from '../image/context.js';

/**
 * Pure: the cloud-init file that does by itself what the guide does by hand over ssh: install
 * Node.js, write the guide's server.js to ~ubuntu/hello-node and keep it running (systemd),
 * listening on 8080.
 */
export function webServerUserData(serverJs: string): string {
  const indented = serverJs
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  return `#cloud-config
package_update: true
packages:
  - nodejs
write_files:
  - path: /home/ubuntu/hello-node/server.js
    permissions: '0644'
    content: |
${indented}
  - path: /etc/systemd/system/hello-node.service
    content: |
      [Unit]
      Description=hello-node (lab guide server.js)
      After=network-online.target
      [Service]
      User=ubuntu
      WorkingDirectory=/home/ubuntu/hello-node
      ExecStart=/usr/bin/node /home/ubuntu/hello-node/server.js
      Restart=always
      [Install]
      WantedBy=multi-user.target
runcmd:
  - chown -R ubuntu:ubuntu /home/ubuntu/hello-node
  - systemctl daemon-reload
  - systemctl enable --now hello-node.service
`;
}

export function guideServerJs(): string {
  return readFileSync(join(helloNodeDir(), 'server.js'), 'utf8');
}
