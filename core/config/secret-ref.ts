import path from 'node:path';
import { z } from 'zod';
import { Secret, UnsetSecret } from '../secret.ts';
import { currentConfigContext } from './context.ts';
import { SECRET_REF_PATTERN } from './interpolate.ts';

/** JSON Schema pattern published for secret fields, so editors flag a pasted token at once. */
export const SECRET_REF_JSON_PATTERN = '^\\$\\{[A-Z_][A-Z0-9_]*\\}$';

const secretSchemas = new WeakSet<object>();

/** Marker read by the issue converter to turn a generic failure into advice naming a variable. */
export const SECRET_LITERAL_PARAM = 'secretLiteral';

/**
 * A credential field. Accepts only a string that is exactly `${NAME}` and resolves it from the
 * environment into a Secret; a literal value is rejected (it would end up in git and in logs),
 * and so is a missing or empty variable, naming it, unless the secret's `group` is one the running
 * command defers (then it becomes an UnsetSecret that refuses to reveal).
 */
export function secretRef(options: { readonly group?: string } = {}) {
  const schema = z.string().transform((text, ctx): Secret => {
    const match = SECRET_REF_PATTERN.exec(text);
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: 'secret written literally in the config',
        params: { [SECRET_LITERAL_PARAM]: true },
      });
      return z.NEVER;
    }
    const name = match[1]!;
    const context = currentConfigContext();
    const value = context.env[name];
    if (value === undefined || value.trim() === '') {
      if (options.group !== undefined && context.deferredSecretGroups?.includes(options.group)) {
        return new UnsetSecret(name);
      }
      ctx.addIssue({
        code: 'custom',
        message: `environment variable ${name} is ${value === undefined ? 'not set' : 'empty'}`,
        params: { hint: `set ${name} in the environment that runs scorebridge` },
      });
      return z.NEVER;
    }
    return new Secret(value, name);
  });
  secretSchemas.add(schema);
  return schema;
}

export function isSecretSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && secretSchemas.has(schema);
}

/**
 * A file or folder path written relative to the config file's folder, resolved to an absolute path,
 * so a config behaves the same whichever directory scorebridge is started from.
 */
export function configRelativePath() {
  return z
    .string()
    .min(1, 'path must not be empty')
    .transform((value) => path.resolve(currentConfigContext().baseDir, value));
}
