// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax under test, not a template.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfigText, secretRef } from '../../../core/config/index.ts';
import { createLogger } from '../../../core/logger.ts';
import { Secret } from '../../../core/secret.ts';

const schema = z.strictObject({
  connectors: z.record(
    z.string(),
    z.strictObject({ type: z.literal('hubspot'), accessToken: secretRef(), label: z.string().optional() }),
  ),
});

const TOKEN = 'pat-na1-7c1e5d2a-0b9f-4c33-a1d2-ffeeddccbbaa';
const config = (value: string) => `connectors:\n  hubspot:\n    type: hubspot\n    accessToken: ${value}\n`;

function rejection(text: string, env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfigText(text, 'config/scorebridge.yaml', schema, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

function captureLogs(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ destination, level: 'debug' }), text: () => chunks.join('') };
}

describe('secret fields', () => {
  it('resolve ${VAR} from the given env into a Secret that remembers its variable', () => {
    const parsed = parseConfigText(config('${HUBSPOT_ACCESS_TOKEN}'), 'c.yaml', schema, {
      env: { HUBSPOT_ACCESS_TOKEN: TOKEN },
    });
    const secret = parsed.connectors.hubspot?.accessToken;
    expect(secret).toBeInstanceOf(Secret);
    expect(secret?.reveal()).toBe(TOKEN);
    expect(secret?.source).toBe('HUBSPOT_ACCESS_TOKEN');
  });

  it('reject a literal value, tell the user which variable to use, and never echo the value', () => {
    const error = rejection(config(TOKEN), {});
    expect(error.format()).toBe(
      'secret written literally in the config at connectors.hubspot.accessToken (config/scorebridge.yaml:4:18); ' +
        'move the value to an environment variable and write ${HUBSPOT_ACCESS_TOKEN} here',
    );
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error.issues)).not.toContain(TOKEN);
  });

  it('reject a reference with a fallback, which would be a literal secret in disguise', () => {
    const error = rejection(config(`\${HUBSPOT_ACCESS_TOKEN:-${TOKEN}}`), {});
    expect(error.issues[0]?.message).toBe('secret written literally in the config');
    expect(error.message).not.toContain(TOKEN);
  });

  it('keep a literal secret out of YAML syntax errors, whose source excerpt would quote it', () => {
    const error = rejection(config(`"${TOKEN}`), {});
    expect(error.issues[0]?.message).toMatch(/^invalid YAML: /);
    expect(error.message).not.toContain(TOKEN);
  });

  it('name the missing variable and where it is referenced', () => {
    const error = rejection(config('${HUBSPOT_ACCESS_TOKEN}'), { OTHER: 'x' });
    expect(error.format()).toBe(
      'environment variable HUBSPOT_ACCESS_TOKEN is not set at connectors.hubspot.accessToken ' +
        '(config/scorebridge.yaml:4:18); set HUBSPOT_ACCESS_TOKEN in the environment that runs scorebridge',
    );
  });

  it('treat an empty variable as missing', () => {
    const error = rejection(config('${HUBSPOT_ACCESS_TOKEN}'), { HUBSPOT_ACCESS_TOKEN: '  ' });
    expect(error.issues[0]?.message).toBe('environment variable HUBSPOT_ACCESS_TOKEN is empty');
  });

  it('never reach a log, whether the parsed config or an error is logged', () => {
    const env = { HUBSPOT_ACCESS_TOKEN: TOKEN };
    const parsed = parseConfigText(config('${HUBSPOT_ACCESS_TOKEN}'), 'c.yaml', schema, { env });
    const { logger, text } = captureLogs();
    logger.info({ config: parsed }, 'config loaded');
    logger.info({ hubspot: parsed.connectors.hubspot }, 'connector');
    logger.info(`token is ${parsed.connectors.hubspot?.accessToken}`);
    const broken = `${config('${HUBSPOT_ACCESS_TOKEN}')}    label: [\n`;
    try {
      parseConfigText(broken, 'c.yaml', schema, { env });
    } catch (error) {
      logger.error({ err: error }, 'config rejected');
    }
    const output = text();
    expect(output).toContain('config loaded');
    expect(output).toContain('config rejected');
    expect(output).toContain('[redacted]');
    expect(output).not.toContain(TOKEN);
  });

  it('do not interpolate a reference written in a non-secret field into a secret field', () => {
    const parsed = parseConfigText(
      `${config('${HUBSPOT_ACCESS_TOKEN}')}    label: crm-\${REGION:-eu}\n`,
      'c.yaml',
      schema,
      { env: { HUBSPOT_ACCESS_TOKEN: TOKEN } },
    );
    expect(parsed.connectors.hubspot?.label).toBe('crm-eu');
    expect(parsed.connectors.hubspot?.accessToken.source).toBe('HUBSPOT_ACCESS_TOKEN');
  });
});
