// Records every module a node process loads, for `node --import ./bench/module-log.mjs …`
// with LABOPS_MODULE_LOG=<file>: ES modules as they are resolved (a resolve hook) and, at
// exit, every CommonJS module in the require cache; one file URL or path a line.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.LABOPS_MODULE_LOG;
if (out) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      appendFileSync(${JSON.stringify(out)}, r.url + '\\n');
      return r;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(out, `${Object.keys(cache).join('\n')}\n`));
}
