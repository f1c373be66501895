import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential read from the environment. Its value is reachable only through `reveal()`; every
 * way a value usually leaks (string conversion, JSON, util.inspect, console.log) prints
 * "[redacted]" instead, so a secret passed to a logger or an error message by mistake stays hidden.
 */
export class Secret {
  readonly #value: string;
  /** The environment variable it came from, safe to show in messages. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
    knownSecretValues.add(value);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${this.source})`;
  }
}

/**
 * A secret whose environment variable is unset, loaded for a command that never uses it (`sync`
 * needs no unsubscribe key). Anything that does try to use it stops with a message naming the variable.
 */
export class UnsetSecret extends Secret {
  constructor(source: string) {
    super('', source);
  }

  override reveal(): string {
    throw new Error(
      `environment variable ${this.source} is not set; set it in the environment that runs scorebridge`,
    );
  }
}

/**
 * Values of every Secret created in this process. The logger scrubs them from every line it
 * writes, as a second line of defence when a secret reaches a log as a plain string
 * (e.g. inside a provider's error message).
 */
const knownSecretValues = new Set<string>();

export function scrubSecrets(text: string): string {
  let out = text;
  for (const value of knownSecretValues) {
    // Short values would scrub innocent text; real credentials are long.
    if (value.length >= 6 && out.includes(value)) out = out.split(value).join(REDACTED);
  }
  return out;
}
