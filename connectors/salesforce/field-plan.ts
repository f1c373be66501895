import { ConnectorError } from '../../core/connectors/destination.ts';
import type { SalesforceStreamSettings } from './config.ts';
import type { MappingContext } from './mapping/index.ts';
import type { StreamSpec } from './streams.ts';

export interface FieldPlan {
  /** Fields to SELECT, with the org's spelling, no duplicates. */
  readonly select: readonly string[];
  readonly context: MappingContext;
}

/**
 * Decides what a stream reads from what the org's describe says exists and is visible to the
 * integration user. Fields the mapping needs, and fields the config names, must exist (the error
 * says which config entry to fix); optional standard fields are read when present.
 */
export function planFields(
  spec: StreamSpec,
  settings: SalesforceStreamSettings,
  available: readonly string[],
  where: { connector: string },
): FieldPlan {
  const byLower = new Map(available.map((name) => [name.toLowerCase(), name]));
  const find = (name: string) => byLower.get(name.toLowerCase());
  const configPath = `connectors.${where.connector}.streams.${spec.name}`;
  const missing = (name: string, path: string) =>
    new ConnectorError(
      `${spec.object}.${name} is not visible to the Salesforce integration user (${path}): check the field's API name ` +
        `and grant the user read access (field-level security)`,
      { kind: 'invalid' },
    );

  const select = new Set<string>();
  for (const name of spec.required) {
    const found = find(name);
    if (!found) throw missing(name, `required by the ${spec.name} stream`);
    select.add(found);
  }
  for (const name of spec.optional) {
    const found = find(name);
    if (found) select.add(found);
  }

  const fields: Record<string, string> = {};
  for (const [canonical, fallback] of Object.entries(spec.mappable)) {
    const configured = settings.fields?.[canonical];
    const wanted = configured ?? fallback;
    if (!wanted) continue;
    const found = find(wanted);
    if (!found) {
      if (configured) throw missing(wanted, `${configPath}.fields.${canonical}`);
      continue;
    }
    fields[canonical] = found;
    select.add(found);
  }

  const properties: string[] = [];
  for (const name of spec.properties) {
    const found = find(name);
    if (found) properties.push(found);
  }
  (settings.properties ?? []).forEach((name, index) => {
    const found = find(name);
    if (!found) throw missing(name, `${configPath}.properties[${index}]`);
    if (!properties.includes(found)) properties.push(found);
  });
  for (const name of properties) select.add(name);

  const valueMaps: Record<string, Readonly<Record<string, string>>> = {};
  for (const [canonical, map] of Object.entries(spec.valueMaps)) {
    // A default map only fits the default source field; a re-mapped field brings its own values.
    if (fields[canonical] && fields[canonical]?.toLowerCase() === spec.mappable[canonical]?.toLowerCase()) {
      valueMaps[canonical] = map;
    }
  }
  Object.assign(valueMaps, settings.valueMaps ?? {});

  return { select: [...select], context: { system: where.connector, fields, properties, valueMaps } };
}
