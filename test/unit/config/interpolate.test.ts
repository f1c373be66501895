// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax under test, not a template.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  configRelativePath,
  interpolateEnv,
  parseConfigText,
} from '../../../core/config/index.ts';

describe('interpolateEnv', () => {
  it('expands variables, fallbacks and escapes', () => {
    const env = { REGION: 'eu', EMPTY: '' };
    expect(interpolateEnv('api-${REGION}.example.com', env)).toEqual({
      ok: true,
      value: 'api-eu.example.com',
    });
    expect(interpolateEnv('${MISSING:-us}/${EMPTY:-x}', env)).toEqual({ ok: true, value: 'us/x' });
    expect(interpolateEnv('$${REGION} costs $5', env)).toEqual({ ok: true, value: '${REGION} costs $5' });
    expect(interpolateEnv('no references', env)).toEqual({ ok: true, value: 'no references' });
  });

  it('names an unset variable and rejects malformed references', () => {
    expect(interpolateEnv('${DATA_DIR}/x', {})).toMatchObject({
      ok: false,
      message: 'environment variable DATA_DIR is not set',
    });
    expect(interpolateEnv('${data dir}', {})).toMatchObject({
      ok: false,
      message: "'${data dir}' is not a valid environment reference",
    });
    expect(interpolateEnv('${OPEN', {})).toMatchObject({ ok: false });
  });
});

describe('interpolation in a config file', () => {
  const schema = z.strictObject({ dir: configRelativePath(), name: z.string() });

  it('resolves references before validation and relative paths against the base folder', () => {
    const parsed = parseConfigText('dir: ${DATA:-data}/in\nname: n-${WHO}\n', 'cfg/x.yaml', schema, {
      env: { WHO: 'ops' },
      baseDir: '/srv/project/config',
    });
    expect(parsed).toEqual({ dir: '/srv/project/config/data/in', name: 'n-ops' });
  });

  it('reads the real process environment when no env is given', () => {
    const parsed = parseConfigText('dir: d\nname: ${PATH}\n', 'cfg/x.yaml', schema);
    expect(parsed.name).toBe(process.env.PATH);
  });

  it('locates an unset variable', () => {
    try {
      parseConfigText('dir: in\nname: n-${WHO}\n', 'cfg/x.yaml', schema, { env: {} });
      expect.unreachable('the unset variable should be reported');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues[0]).toMatchObject({ path: 'name', line: 2, column: 7 });
    }
  });
});
