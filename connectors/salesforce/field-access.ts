import { ConnectorError } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import { salesforceErrorCode } from './errors.ts';

const quote = (value: string) => `'${value.replace(/[\\']/g, '\\$&')}'`;

/** What an admin must do by hand when the integration user may not manage permission sets. */
function adminSteps(permissionSet: string, fields: readonly string[], cause: unknown, step: string) {
  return new ConnectorError(
    `field-level security: the integration user may not ${step} (it lacks "Manage Profiles and Permission Sets"). ` +
      `Ask an admin to give permission set "${permissionSet}" read and edit access on ${fields.join(', ')} ` +
      `and to assign it to the integration user (Setup > Permission Sets > ${permissionSet} > Object Settings, then Manage Assignments); ` +
      'then run the command again',
    { kind: 'permanent', cause },
  );
}

const denied = (error: unknown) => salesforceErrorCode(error)?.startsWith('INSUFFICIENT_ACCESS') === true;

async function findOrCreateSet(client: SalesforceClient, name: string, fields: readonly string[]) {
  const found = await client.call('find permission set', (conn) =>
    Promise.resolve(conn.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE Name = ${quote(name)}`)),
  );
  const existing = found.records[0]?.Id;
  if (existing) return existing;
  try {
    const created = await client.call(
      'create permission set',
      (conn) =>
        conn.sobject('PermissionSet').create({ Name: name, Label: name.replace(/_/g, ' ') }) as Promise<{
          id: string;
          success: boolean;
          errors: { statusCode?: string; message: string }[];
        }>,
      { idempotent: false },
    );
    if (created.success) return created.id;
    const failure = created.errors[0];
    if (failure?.statusCode?.startsWith('INSUFFICIENT_ACCESS'))
      throw adminSteps(name, fields, failure, 'create permission sets');
    throw new ConnectorError(
      `creating permission set "${name}" failed: ${failure?.message ?? 'unknown error'}`,
      {
        kind: 'permanent',
      },
    );
  } catch (error) {
    if (denied(error)) throw adminSteps(name, fields, error, 'create permission sets');
    throw error;
  }
}

async function ensureAssigned(
  client: SalesforceClient,
  permissionSet: string,
  parentId: string,
  fields: readonly string[],
) {
  const userId = client.userId();
  if (!userId)
    throw new ConnectorError('field-level security: the OAuth token did not say which user it belongs to', {
      kind: 'permanent',
    });
  const found = await client.call('find permission set assignment', (conn) =>
    Promise.resolve(
      conn.query<{ Id: string }>(
        `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = ${quote(parentId)} AND AssigneeId = ${quote(userId)}`,
      ),
    ),
  );
  if (found.records.length > 0) return;
  const result = await client
    .call('assign permission set', (conn) =>
      conn.sobject('PermissionSetAssignment').create({ PermissionSetId: parentId, AssigneeId: userId }),
    )
    .catch((error: unknown) => {
      if (denied(error)) throw adminSteps(permissionSet, fields, error, 'assign permission sets');
      throw error;
    });
  const failure = result.success ? undefined : (result.errors[0] as { statusCode?: string; message: string });
  if (failure && failure.statusCode !== 'DUPLICATE_VALUE') {
    if (failure.statusCode?.startsWith('INSUFFICIENT_ACCESS'))
      throw adminSteps(permissionSet, fields, failure, 'assign permission sets');
    throw new ConnectorError(`assigning permission set "${permissionSet}" failed: ${failure.message}`, {
      kind: 'permanent',
    });
  }
}

/**
 * Gives the integration user read/edit on new fields, as an admin would: the configured
 * permission set (created when missing), assigned to the user, with one FieldPermissions row per
 * field. A step the user may not take stops with the fields and the admin's steps.
 */
export async function grantFieldAccess(
  client: SalesforceClient,
  permissionSet: string,
  objectType: string,
  apiNames: readonly string[],
): Promise<void> {
  const fields = apiNames.map((name) => `${objectType}.${name}`);
  const parentId = await findOrCreateSet(client, permissionSet, fields);
  await ensureAssigned(client, permissionSet, parentId, fields);
  const grants = fields.map((field) => ({
    ParentId: parentId,
    SobjectType: objectType,
    Field: field,
    PermissionsRead: true,
    PermissionsEdit: true,
  }));
  const results = await client
    .call('grant field access', (conn) =>
      conn.sobject('FieldPermissions').create(grants, { allOrNone: false }),
    )
    .catch((error: unknown) => {
      if (denied(error)) throw adminSteps(permissionSet, fields, error, 'grant field permissions');
      throw error;
    });
  for (const result of results) {
    const failure = result.success
      ? undefined
      : (result.errors[0] as { statusCode?: string; message: string });
    if (!failure || failure.statusCode === 'DUPLICATE_VALUE') continue;
    if (failure.statusCode?.startsWith('INSUFFICIENT_ACCESS'))
      throw adminSteps(permissionSet, fields, failure, 'grant field permissions');
    throw new ConnectorError(`granting field access on ${objectType} failed: ${failure.message}`, {
      kind: 'permanent',
    });
  }
}
