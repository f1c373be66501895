/**
 * `node --import test/helpers/module-log.ts ...`: records every module the process resolves
 * (ESM imports and require calls alike) and writes their URLs, one a line, to $MODULE_LOG on exit.
 * Startup tests use it to prove which parts of the program a command loads.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    loaded.add(resolved.url);
    return resolved;
  },
});
process.on('exit', () => {
  if (process.env.MODULE_LOG) writeFileSync(process.env.MODULE_LOG, [...loaded].join('\n'));
});
