import { readConfig } from '../shared/config.js';
import { connectClient } from './connect.js';
import { resolveRedisUrl } from './local-state.js';
import { cancelText } from './render.js';

/** `labops jobs`: the team's recent jobs. */
export async function cmdJobs(o: { team?: string; limit: string; json?: boolean }): Promise<number> {
  const config = readConfig();
  const client = await connectClient(config, resolveRedisUrl(config), false);
  try {
    const rows = await client.list(
      o.team ?? config.LABOPS_TEAM,
      Math.max(1, Math.min(200, Number(o.limit) || 20)),
    );
    if (o.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
    else if (!rows.length) process.stdout.write('no jobs yet\n');
    else {
      for (const r of rows) {
        const when = new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 19);
        process.stdout.write(
          `${r.id.padEnd(28)} ${r.state.padEnd(10)} ${when}  ${r.requestedBy}${r.reason ? `  ${r.reason}` : ''}\n`,
        );
      }
    }
    return 0;
  } finally {
    await client.close();
  }
}

/** `labops cancel <id>`. */
export async function cmdCancel(id: string, o: { team?: string }): Promise<number> {
  const config = readConfig();
  const client = await connectClient(config, resolveRedisUrl(config), false);
  try {
    const r = await client.cancel(o.team ?? config.LABOPS_TEAM, id);
    process.stdout.write(`${cancelText(id, r)}\n`);
    return r === 'not-found' ? 1 : 0;
  } finally {
    await client.close();
  }
}
