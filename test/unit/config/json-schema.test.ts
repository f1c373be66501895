// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax under test, not a template.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  scorebridgeJsonSchema,
  scorebridgeJsonSchemaText,
  starterConfig,
} from '../../../app/config/index.ts';
import { SECRET_REF_JSON_PATTERN, secretRef, toConfigJsonSchema } from '../../../core/config/index.ts';
import { checkJsonSchema } from './json-schema-check.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const demoYaml = readFileSync(path.join(REPO_ROOT, 'config', 'scorebridge.yaml'), 'utf8');

describe('published JSON Schema', () => {
  const schema = scorebridgeJsonSchema();

  it('is the committed file, regenerated', () => {
    const committed = readFileSync(
      path.join(REPO_ROOT, 'config', 'schema', 'scorebridge.schema.json'),
      'utf8',
    );
    expect(committed).toBe(scorebridgeJsonSchemaText());
  });

  it('accepts the demo config and the starter config as written', () => {
    expect(checkJsonSchema(schema, parse(demoYaml))).toEqual([]);
    expect(checkJsonSchema(schema, parse(starterConfig()))).toEqual([]);
  });

  it('rejects misspelled keys and wrong values, so editors flag them', () => {
    const data = parse(demoYaml);
    data.identity.emailNormalisation = data.identity.emailNormalization;
    data.connectors.demo_files.type = 'flie';
    data.scoring.models.lead_score.kind = 'leads';
    const errors = checkJsonSchema(schema, data);
    expect(errors).toContain('$.identity.emailNormalisation: not allowed');
    expect(errors.some((e) => e.startsWith('$.connectors.demo_files'))).toBe(true);
    expect(errors).toContain('$.scoring.models.lead_score.kind: not in enum');
  });

  it('the demo YAML files point editors at it', () => {
    expect(demoYaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/scorebridge.schema.json');
  });

  it('publishes secret fields as ${VAR} strings', () => {
    const withSecret = toConfigJsonSchema(
      z.strictObject({ token: secretRef().optional(), name: z.string() }),
      {
        title: 'test',
      },
    );
    const token = (withSecret.properties as Record<string, Record<string, unknown>>).token;
    expect(token).toMatchObject({ type: 'string', pattern: '^\\$\\{[A-Z_][A-Z0-9_]*\\}$' });
    expect(token?.pattern).toBe(SECRET_REF_JSON_PATTERN);
    expect(checkJsonSchema(withSecret, { token: '${HUBSPOT_ACCESS_TOKEN}', name: 'x' })).toEqual([]);
    expect(checkJsonSchema(withSecret, { token: 'pat-na1-123456', name: 'x' })).toEqual([
      `$.token: does not match ${SECRET_REF_JSON_PATTERN}`,
    ]);
  });
});
