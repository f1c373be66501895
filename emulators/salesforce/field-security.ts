import type { OrgState } from './org-state.ts';
import type { SObjectTable } from './table.ts';
import type { Row, SfRecordError } from './values.ts';

/** Objects only a user with "Manage Profiles and Permission Sets" may create. */
const PERMISSION_OBJECTS = new Set(['PermissionSet', 'PermissionSetAssignment', 'FieldPermissions']);

/**
 * Field-level security as a real org applies it ("Field-Level Security", Salesforce Help; Object
 * Reference, "FieldPermissions"): a field created through the Tooling API is hidden from the API
 * user until a FieldPermissions row with read access sits on a permission set ASSIGNED to that
 * user. A grant on an unassigned set changes nothing until the assignment is made.
 */
function assignedToApiUser(state: OrgState, permissionSetId: unknown): boolean {
  const assignments = state.table('PermissionSetAssignment');
  if (!assignments || typeof permissionSetId !== 'string') return false;
  for (const row of assignments.rows())
    if (row.PermissionSetId === permissionSetId && row.AssigneeId === state.apiUserId && !row.IsDeleted)
      return true;
  return false;
}

function reveal(state: OrgState, grant: Row): void {
  if (grant.PermissionsRead !== true) return;
  const [objectName, fieldName] = String(grant.Field ?? '').split('.');
  const table = objectName ? state.table(objectName) : undefined;
  const def = table && fieldName ? table.anyField(fieldName) : undefined;
  if (table && def) table.hidden.delete(def.name);
}

/** Called after a FieldPermissions or PermissionSetAssignment row is saved. */
export function applyPermissionRow(state: OrgState, table: SObjectTable, row: Row): void {
  if (table.name === 'FieldPermissions') {
    if (assignedToApiUser(state, row.ParentId)) reveal(state, row);
  } else if (table.name === 'PermissionSetAssignment' && row.AssigneeId === state.apiUserId) {
    const grants = state.table('FieldPermissions');
    for (const grant of grants?.rows() ?? [])
      if (grant.ParentId === row.PermissionSetId) reveal(state, grant);
  }
}

/** Creating permission sets, assignments and grants needs "Manage Profiles and Permission Sets". */
export function permissionSetupDenied(state: OrgState, table: SObjectTable): SfRecordError | null {
  if (!PERMISSION_OBJECTS.has(table.name) || state.permissions.managePermissionSets) return null;
  return {
    statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
    message: `insufficient access rights on object id: creating a ${table.name} requires the "Manage Profiles and Permission Sets" permission`,
    fields: [],
  };
}
