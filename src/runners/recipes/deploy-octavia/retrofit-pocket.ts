import type { RecipeContext } from '../../context.js';
import { channelsOf } from './plan.js';

const RETROFIT = 'octavia-diskimage-retrofit';

/**
 * Ubuntu Cloud Archive pockets on jammy by OpenStack charm track. The charm's own jammy test
 * bundles (openstack/charm-octavia-diskimage-retrofit, src/tests/bundles/) pair each cloud with
 * its pocket: `jammy-zed.yaml` at stable/zed (`openstack-origin: cloud:jammy-zed`,
 * `retrofit-uca-pocket: zed`) and `jammy-antelope.yaml` at stable/2023.1 and stable/2023.2
 * (`cloud:jammy-antelope`, `antelope`). For 2023.2 the pocket is `bobcat`, the one
 * `jammy-bobcat.yaml` at stable/2023.2 deploys its cloud from (`cloud:jammy-bobcat`); that
 * bundle's own `retrofit-uca-pocket: antelope` was carried over when it was renamed from
 * jammy-zed.yaml (commit 6816c55, "Add 2023.2 Bobcat support") and it is a dev bundle, never
 * gated (src/tests/tests.yaml). 2024.1 is `caracal` (noble-caracal.yaml at stable/2024.1). Yoga
 * is jammy's own archive, so it needs none.
 */
const POCKETS: Record<string, string> = {
  zed: 'zed',
  '2023.1': 'antelope',
  antelope: 'antelope',
  '2023.2': 'bobcat',
  bobcat: 'bobcat',
  '2024.1': 'caracal',
  caracal: 'caracal',
};

/** Pure: the UCA pocket of an OpenStack charm channel (`2023.2/stable` → `bobcat`), if it has one on jammy. */
export function ucaPocket(openstackChannel: string): string | undefined {
  return POCKETS[openstackChannel.split('/')[0] ?? ''];
}

/**
 * Sets octavia-diskimage-retrofit's `retrofit-uca-pocket` (a key of its src/config.yaml: "Name
 * of Ubuntu Cloud Archive pocket to add to the image being retrofitted") to the cloud's release,
 * read from keystone's channel, so the amphora agent in the image matches the controller.
 * Nothing is changed when it already matches, or when the channel names no pocket.
 */
export async function matchRetrofitPocket(ctx: RecipeContext): Promise<void> {
  const { juju } = ctx.tools;
  const channel = channelsOf(await juju.status()).openstack;
  const pocket = ucaPocket(channel);
  if (!pocket) {
    ctx.say(
      `keystone's channel ${channel} names no Ubuntu Cloud Archive pocket; retrofit-uca-pocket left as it is`,
    );
    return;
  }
  if ((await juju.getConfig(RETROFIT, 'retrofit-uca-pocket').catch(() => '')) === pocket) return;
  ctx.say(`juju config ${RETROFIT} retrofit-uca-pocket=${pocket} (the cloud's OpenStack is ${channel})`);
  await juju.config(RETROFIT, { 'retrofit-uca-pocket': pocket });
}
