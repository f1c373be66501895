import { ConnectorError, type ScoreFieldSpec } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { classifySalesforceError, salesforceErrorCode } from './errors.ts';
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

/** Gives the integration user's permission set read/edit on new fields (field-level security). */
async function grantFieldAccess(
  client: SalesforceClient,
  permissionSet: string,
  objectType: string,
  apiNames: string[],
): Promise<void> {
  const found = await client.call('find permission set', (conn) =>
    Promise.resolve(
      conn.query<{ Id: string }>(
        `SELECT Id FROM PermissionSet WHERE Name = '${permissionSet.replace(/'/g, "\\'")}'`,
      ),
    ),
  );
  const parentId = found.records[0]?.Id;
  if (!parentId) {
    throw new ConnectorError(
      `permission set "${permissionSet}" (writeBack.permissionSet) does not exist in the org`,
      { kind: 'invalid' },
    );
  }
  const grants = apiNames.map((apiName) => ({
    ParentId: parentId,
    SobjectType: objectType,
    Field: `${objectType}.${apiName}`,
    PermissionsRead: true,
    PermissionsEdit: true,
  }));
  const results = await client.call('grant field access', (conn) =>
    conn.sobject('FieldPermissions').create(grants, { allOrNone: false }),
  );
  for (const result of results) {
    const failure = result.success ? undefined : result.errors[0];
    if (failure && (failure as { statusCode?: string }).statusCode !== 'DUPLICATE_VALUE') {
      throw new ConnectorError(`granting field access on ${objectType} failed: ${failure.message}`, {
        kind: 'permanent',
      });
    }
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
      `created ${hidden.map((name) => `${objectType}.${name}`).join(', ')} but the integration user cannot see them: ` +
        'grant read/edit field-level security to its profile or permission set, or set writeBack.permissionSet',
      { kind: 'permanent' },
    );
  }
  return { created, existing };
}
