// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax these strings describe, not a template.
import { z } from 'zod';
import { unwrapLayers } from './schema-walk.ts';
import { isSecretSchema, SECRET_REF_JSON_PATTERN } from './secret-ref.ts';

export interface JsonSchemaMeta {
  /** `$id` of the published schema, e.g. its URL or file name. */
  readonly id?: string;
  readonly title: string;
  readonly description?: string;
}

export type JsonSchemaDocument = Record<string, unknown>;

/**
 * JSON Schema (draft-07, the dialect YAML language servers handle best) of what a config file may
 * contain, for editor autocompletion and validation. It describes the written form: secrets are
 * strings matching `^\$\{[A-Z_][A-Z0-9_]*\}$`, defaulted fields are optional and show their default.
 */
export function toConfigJsonSchema(schema: z.ZodType, meta: JsonSchemaMeta): JsonSchemaDocument {
  const generated = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
    override(ctx) {
      if (!unwrapLayers(ctx.zodSchema).some(isSecretSchema)) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
      Object.assign(ctx.jsonSchema, {
        type: 'string',
        pattern: SECRET_REF_JSON_PATTERN,
        description:
          'Secret: an environment variable reference like ${HUBSPOT_ACCESS_TOKEN}, never the value itself.',
      });
    },
  }) as JsonSchemaDocument;
  // The schema's own describe() text would otherwise replace the published title and description.
  const { $schema, title: _title, description: _description, ...body } = generated;
  return {
    $schema,
    ...(meta.id ? { $id: meta.id } : {}),
    title: meta.title,
    ...(meta.description ? { description: meta.description } : {}),
    ...body,
  };
}
