import { ConnectorError, type ScoreFieldSpec } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { classifySalesforceError, salesforceErrorCode } from './errors.ts';
import { grantFieldAccess } from './field-access.ts';
import {
  adminFieldRow,
  type CustomFieldDefinition,
  customFieldDefinition,
  salesforceFieldName,
} from './score-fields.ts';

export interface FieldSetupResult {
  readonly created: string[];
  readonly existing: string[];
}

/** Thrown when the integration user may not create fields: lists exactly what an admin must create. */
export function fieldsNeedAdmin(
  connector: string,
  rows: { object: string; apiName: string; type: string; size: string }[],
  cause?: unknown,
) {
  const list = rows.map((row) => `${row.object}.${row.apiName} (${row.type}, ${row.size})`).join('; ');
  return new ConnectorError(
    `the Salesforce integration user may not create custom fields. Ask an admin to create ${list} ` +
      `(run \`scorebridge salesforce fields --connector ${connector}\` for labels and descriptions), then grant the user read/edit access`,
    { kind: 'permanent', ...(cause ? { cause } : {}) },
  );
}

async function createField(
  client: SalesforceClient,
  definition: CustomFieldDefinition,
): Promise<'created' | 'exists' | 'denied'> {
  try {
    await client.call(`create field ${definition.FullName}`, (conn) =>
      conn.tooling.sobject('CustomField').create(definition),
    );
    return 'created';
  } catch (error) {
    const code = salesforceErrorCode(error);
    // A retried create whose first attempt succeeded comes back as a duplicate: the field is there.
    if (code === 'DUPLICATE_DEVELOPER_NAME') return 'exists';
    if (code?.startsWith('INSUFFICIENT_ACCESS')) return 'denied';
    throw classifySalesforceError(error, `create field ${definition.FullName}`);
  }
}

/**
 * Makes sure the score fields exist on an object: creates missing ones through the Tooling API,
 * grants field-level security when a permission set is configured, and checks that the
 * integration user now sees them. Fields it may not create come back as an admin checklist.
 */
export async function ensureFields(
  client: SalesforceClient,
  config: SalesforceConnectorConfig,
  connector: string,
  objectType: string,
  specs: readonly (ScoreFieldSpec | CustomFieldDefinition)[],
): Promise<FieldSetupResult> {
  const definitions = specs.map((spec) =>
    'FullName' in spec ? spec : customFieldDefinition(objectType, spec),
  );
  const apiName = (definition: CustomFieldDefinition) => definition.FullName.slice(objectType.length + 1);
  const visible = new Set((await client.describeFields(objectType)).map((field) => field.name.toLowerCase()));
  const existing = definitions.filter((d) => visible.has(apiName(d).toLowerCase())).map(apiName);
  const missing = definitions.filter((d) => !visible.has(apiName(d).toLowerCase()));
  if (missing.length === 0) return { created: [], existing };

  const created: string[] = [];
  const denied: CustomFieldDefinition[] = [];
  for (const definition of missing) {
    const outcome = await createField(client, definition);
    if (outcome === 'denied') denied.push(definition);
    else created.push(apiName(definition));
  }
  if (denied.length > 0) {
    const rows = denied.map((definition) => {
      const spec = specs.find(
        (candidate) => 'name' in candidate && salesforceFieldName(candidate.name) === apiName(definition),
      );
      return spec && 'name' in spec
        ? adminFieldRow(objectType, spec)
        : {
            object: objectType,
            apiName: apiName(definition),
            type: String(definition.Metadata.type),
            size: `length ${String(definition.Metadata.length ?? '-')}`,
          };
    });
    throw fieldsNeedAdmin(connector, rows);
  }
  if (config.writeBack.permissionSet)
    await grantFieldAccess(client, config.writeBack.permissionSet, objectType, created);
  const nowVisible = new Set(
    (await client.describeFields(objectType)).map((field) => field.name.toLowerCase()),
  );
  const hidden = created.filter((name) => !nowVisible.has(name.toLowerCase()));
  if (hidden.length > 0) {
    throw new ConnectorError(
      `field-level security: ${hidden.map((name) => `${objectType}.${name}`).join(', ')} exist but the integration user cannot see them. ` +
        (config.writeBack.permissionSet
          ? `Permission set "${config.writeBack.permissionSet}" was granted access but is not in effect for this user: check the assignment in Setup > Permission Sets`
          : 'Set writeBack.permissionSet in the connector config (scorebridge then creates and assigns it and grants read/edit), ' +
            "or have an admin grant read/edit on these fields to the integration user's profile or permission set"),
      { kind: 'permanent' },
    );
  }
  return { created, existing };
}
