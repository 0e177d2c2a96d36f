import type { Charm } from './charm-types.js';
import { normalizeChannel, releaseOf } from './charms.js';

/**
 * What Juju refuses once it knows a charm's files: a base the channel's revision does not
 * support, a config key the charm does not define. Each returns Juju's text (without `ERROR `),
 * or undefined when the request is fine or the charm's files were not read.
 */

const VERSIONS: Record<string, string> = {
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
};

/** `jammy` → `22.04`; `ubuntu@22.04` and `22.04` stay `22.04`. */
export function baseVersion(seriesOrBase: string): string {
  const v = seriesOrBase.replace(/^ubuntu@/, '').replace(/\/.*$/, '');
  return VERSIONS[v] ?? v;
}

/**
 * Whether the tables hold the revision for this channel's track: one read from it, or for a
 * numbered track (charmed-kubernetes 1.x) the release line it falls in. Series differ between
 * OpenStack releases, so another OpenStack track is not judged on the one read.
 */
function readTrack(charm: Charm, channel: string | undefined): boolean {
  const track = normalizeChannel(channel ?? charm.channel).split('/')[0] ?? '';
  const tracks = Object.keys(charm.releases ?? {}).map((ch) => normalizeChannel(ch).split('/')[0]);
  return tracks.includes(track) || (/^\d+\.\d+$/.test(track) && tracks.includes('latest'));
}

/**
 * Charmhub's answer when `channel` has no revision for `base` (core/charm/repository/charmhub.go
 * handleRevisionNotFound/composeSuggestions, Juju 3.x; the text as captured in LP 2054375):
 * `selecting releases: charm or bundle not found for channel "stable", base
 * "amd64/ubuntu/20.04/stable"` and the channels with their bases. Juju 2.9 gets the same text
 * here; its own wording (2.9 charmhub.go says `platform "amd64/…"`) is not verified.
 */
export function unsupportedBase(charm: Charm, channel: string | undefined, base: string): string | undefined {
  if (!readTrack(charm, channel)) return undefined;
  const release = releaseOf(charm, channel);
  const version = baseVersion(base);
  if (!release || release.series.some((s) => baseVersion(s) === version)) return undefined;
  const lines = Object.entries(charm.releases ?? {}).map(
    ([ch, r]) =>
      `  channel "${normalizeChannel(ch)}": available bases are: ${r.series.map((s) => `ubuntu@${baseVersion(s)}`).join(', ')}`,
  );
  return [
    `selecting releases: charm or bundle not found for channel "${channel ?? 'stable'}", base "amd64/ubuntu/${version}/stable"`,
    'available releases are:',
    ...lines,
  ].join('\n');
}

/**
 * The first key the charm's config.yaml does not define, as juju's charm package says it
 * (`Config.option`: `unknown option "x"`), for `juju config` and `juju deploy --config`.
 */
export function unknownOption(charm: Charm, channel: string | undefined, keys: string[]): string | undefined {
  const config = releaseOf(charm, channel)?.config;
  const bad = config ? keys.find((k) => !config.has(k)) : undefined;
  return bad === undefined ? undefined : `unknown option "${bad}"`;
}

/** Whether the charm defines `action` (undefined when its actions were not read). */
export function definesAction(
  charm: Charm,
  channel: string | undefined,
  action: string,
): boolean | undefined {
  const actions = releaseOf(charm, channel)?.actions;
  return actions ? actions.has(action) : undefined;
}
