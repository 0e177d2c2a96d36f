import { readConfig } from '../shared/config.js';
import { type Preset, sealVault } from '../sim/cloud/index.js';
import { defaultSimDir, labDown, labUp, serveLab } from '../sim/daemon.js';
import { describeLab } from '../sim/status.js';

interface SimOpts {
  preset?: Preset;
  stateDir?: string;
  timeScale?: number;
}

function resolve(o: SimOpts) {
  const config = readConfig();
  return {
    stateDir: o.stateDir ?? defaultSimDir(),
    preset: o.preset ?? config.LABOPS_SIM_PRESET,
    timeScale: o.timeScale ?? config.LABOPS_SIM_TIME_SCALE,
  };
}

export async function cmdSimUp(o: SimOpts): Promise<number> {
  const opts = resolve(o);
  const started = Date.now();
  const { started: fresh } = await labUp(opts);
  process.stdout.write(
    `${fresh ? `simulated lab up in ${Date.now() - started} ms` : 'simulated lab already running'}\n`,
  );
  process.stdout.write(`${await describeLab(opts.stateDir)}\n`);
  return 0;
}

export async function cmdSimDown(o: { stateDir?: string }): Promise<number> {
  const dir = o.stateDir ?? defaultSimDir();
  const { stopped, reaped } = await labDown(dir);
  const left = reaped ? `; ended ${reaped} process(es) left by a lab that was killed` : '';
  process.stdout.write(
    stopped
      ? `simulated lab in ${dir} stopped; its state is kept${left}\n`
      : `no simulated lab running in ${dir}${left}\n`,
  );
  return 0;
}

export async function cmdSimStatus(o: { stateDir?: string }): Promise<number> {
  process.stdout.write(`${await describeLab(o.stateDir ?? defaultSimDir())}\n`);
  return 0;
}

export async function cmdSimSealVault(o: { stateDir?: string }): Promise<number> {
  const { keysFile, addresses } = await sealVault(o.stateDir ?? defaultSimDir());
  process.stdout.write(
    `Vault sealed (${addresses.map((a) => `http://${a}:8200`).join(', ')}); its unseal keys and root token are in ${keysFile} (LABOPS_VAULT_KEYS_FILE)\n`,
  );
  return 0;
}

export async function cmdSimServe(o: SimOpts): Promise<void> {
  await serveLab(resolve(o));
}
