import type { DockerContainerLine, DockerImageLine } from '../../../tool-output/docker.js';
import type { ContainerState, LocalImage } from '../state/types.js';
import { isRunning } from './engine-host.js';
import { type FormatRow, goTime } from './format.js';
import { ago } from './images.js';
import { stoppedStatus } from './stop-rm.js';

/**
 * The fields docker's formatter exposes for `docker images` and `docker ps`, as Docker 27
 * fills them (the JSON keys of `--format '{{json .}}'`), and their table headers.
 */

export const IMAGE_HEADERS: Record<string, string> = {
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  ID: 'IMAGE ID',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Digest: 'DIGEST',
};
export const IMAGE_COLUMNS = ['Repository', 'Tag', 'ID', 'CreatedSince', 'Size'];

/** One `docker images` row; `digest` is the repository digest once pushed. */
export function imageRow(i: LocalImage, now: number, digest?: string): FormatRow & DockerImageLine {
  return {
    Containers: 'N/A',
    CreatedAt: goTime(i.createdAt),
    CreatedSince: ago(now - i.createdAt),
    Digest: digest ?? '<none>',
    ID: i.id.slice(0, 12),
    Repository: i.repo,
    SharedSize: 'N/A',
    Size: i.size,
    Tag: i.tag,
    UniqueSize: 'N/A',
    VirtualSize: i.size,
  };
}

export const CONTAINER_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  RunningFor: 'CREATED',
  CreatedAt: 'CREATED AT',
  Status: 'STATUS',
  Ports: 'PORTS',
  Names: 'NAMES',
  State: 'STATE',
};
export const CONTAINER_COLUMNS = ['ID', 'Image', 'Command', 'RunningFor', 'Status', 'Ports', 'Names'];

/** Docker truncates the command to 20 characters (an ellipsis the last) unless --no-trunc. */
function command(c: string, noTrunc: boolean): string {
  const short = noTrunc || [...c].length <= 20 ? c : `${[...c].slice(0, 19).join('')}…`;
  return `"${short}"`;
}

/** One `docker ps` row; a container that is not running publishes nothing. */
export function containerRow(
  c: ContainerState,
  now: number,
  noTrunc = false,
): FormatRow & DockerContainerLine {
  const running = isRunning(c);
  const ports = !running
    ? ''
    : c.ports.length
      ? c.ports
          .map((p) => `0.0.0.0:${p.host}->${p.container}/tcp, :::${p.host}->${p.container}/tcp`)
          .join(', ')
      : '8080/tcp';
  return {
    Command: command(c.command, noTrunc),
    CreatedAt: goTime(c.createdAt),
    ID: noTrunc ? c.id : c.id.slice(0, 12),
    Image: c.image,
    Labels: '',
    LocalVolumes: '0',
    Mounts: '',
    Names: c.name,
    Networks: 'bridge',
    Ports: ports,
    RunningFor: ago(now - c.createdAt),
    Size: '0B',
    State: running ? 'running' : (c.state ?? 'exited'),
    Status: running ? `Up ${ago(now - c.createdAt).replace(/ ago$/, '')}` : stoppedStatus(c, ago, now),
  };
}
