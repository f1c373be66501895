/** A location inside a parsed config value, as zod and our walkers report it. */
export type ConfigPath = readonly PropertyKey[];

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a path the way people read it in docs and in their editor:
 * `['workflows', 0, 'actions', 1, 'to']` -> `workflows[0].actions[1].to`.
 * Keys that are not plain identifiers are quoted so the rendering stays unambiguous.
 */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
