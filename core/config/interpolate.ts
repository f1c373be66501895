// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax these strings describe, not a template.
import type { ConfigEnv } from './context.ts';

/** `${NAME}` where NAME follows the POSIX convention for environment variables. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** The whole value is one reference and nothing else: the only form a secret field accepts. */
export const SECRET_REF_PATTERN = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;

export type InterpolationResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/**
 * Expands `${NAME}` and `${NAME:-default}` (default used when NAME is unset or empty, as in POSIX
 * shells); `$${` writes a literal `${`. Unset variables without a default are errors rather than
 * empty strings, because an empty URL or folder fails much later and far from the cause.
 */
export function interpolateEnv(text: string, env: ConfigEnv): InterpolationResult {
  let failure: InterpolationResult | undefined;
  const value = text.replace(REFERENCE, (match, body: string | undefined) => {
    if (match === '$${') return '${';
    if (failure) return match;
    if (body === undefined) {
      failure = {
        ok: false,
        message: `unterminated environment reference in '${text}'`,
        hint: 'write ${NAME} or ${NAME:-default}, or $${ for a literal ${',
      };
      return match;
    }
    const separator = body.indexOf(':-');
    const name = separator === -1 ? body : body.slice(0, separator);
    const fallback = separator === -1 ? undefined : body.slice(separator + 2);
    if (!ENV_NAME.test(name)) {
      failure = {
        ok: false,
        message: `'${match}' is not a valid environment reference`,
        hint: 'variable names are upper case letters, digits and _, like ${DATA_DIR}; write $${ for a literal ${',
      };
      return match;
    }
    const resolved = env[name];
    if (resolved !== undefined && resolved !== '') return resolved;
    if (fallback !== undefined) return fallback;
    failure = {
      ok: false,
      message: `environment variable ${name} is not set`,
      hint: `set ${name} in the environment that runs scorebridge, or write \${${name}:-default}`,
    };
    return match;
  });
  return failure ?? { ok: true, value };
}

export function hasEnvReference(text: string): boolean {
  return text.includes('${');
}
