import { ConnectorError, type ScoreFieldSpec } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import type { PropertyDefinitionInput, PropertyRule } from '../api/types.ts';
import { propertyFor } from './score-fields.ts';

export interface PropertyGroupSpec {
  readonly name: string;
  readonly label: string;
}

const BATCH_SIZE = 100;

/** Creates the property group when missing; a 409 means someone created it first, which is fine. */
export async function ensureGroup(
  api: HubspotApi,
  objectType: string,
  group: PropertyGroupSpec,
): Promise<void> {
  const groups = await api.propertyGroups(objectType);
  if (groups.includes(group.name)) return;
  try {
    await api.createPropertyGroup(objectType, group);
  } catch (error) {
    if (!(error instanceof ConnectorError && error.status === 409)) throw error;
  }
}

/**
 * Creates the group and the properties that do not exist yet (batch create, 100 per call). A
 * property that exists already is left alone, including one created concurrently (409 / 207
 * OBJECT_ALREADY_EXISTS).
 */
export async function ensureProperties(
  api: HubspotApi,
  objectType: string,
  group: PropertyGroupSpec,
  fields: readonly ScoreFieldSpec[],
  onDefinitions?: (rules: readonly PropertyRule[]) => void,
): Promise<{ created: string[]; existing: string[] }> {
  let inputs: PropertyDefinitionInput[];
  try {
    inputs = fields.map((field) => propertyFor(field, group.name));
  } catch (error) {
    throw new ConnectorError((error as Error).message, { kind: 'invalid', cause: error });
  }
  await ensureGroup(api, objectType, group);
  const definitions = await api.propertyDefinitions(objectType);
  const names = new Set(definitions.map((definition) => definition.name));
  const existing = fields.filter((field) => names.has(field.name)).map((field) => field.name);
  const missing = inputs.filter((input) => !names.has(input.name));
  const created: string[] = [];
  for (let index = 0; index < missing.length; index += BATCH_SIZE) {
    const response = await api.createProperties(objectType, missing.slice(index, index + BATCH_SIZE));
    created.push(...response.created);
    const problems: string[] = [];
    for (const error of response.errors) {
      const taken = error.category === 'OBJECT_ALREADY_EXISTS' || error.category === 'CONFLICT';
      if (taken) existing.push(...(error.context.name ?? []));
      else problems.push(`${(error.context.name ?? []).join(', ') || 'property'}: ${error.message}`);
    }
    if (problems.length > 0) {
      throw new ConnectorError(`HubSpot refused to create ${objectType} properties: ${problems.join('; ')}`, {
        kind: 'invalid',
      });
    }
  }
  // The definitions read plus the ones just created spare the writes a read. A property someone
  // else created meanwhile has a definition we have not seen: then the writes read them again.
  if (created.length === missing.length) {
    const made = new Set(created);
    onDefinitions?.([
      ...definitions,
      ...missing
        .filter((input) => made.has(input.name))
        .map((input) => ({
          name: input.name,
          type: input.type,
          options: (input.options ?? []).map((option) => option.value),
          externalOptions: false,
          readOnlyValue: false,
        })),
    ]);
  }
  return { created, existing };
}
