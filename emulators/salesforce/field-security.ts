import type { OrgState } from './org-state.ts';
import type { Row } from './values.ts';

/**
 * A FieldPermissions row with read access on the API user's permission set makes a hidden
 * custom field visible (describe lists it, queries and writes accept it).
 */
export function applyFieldPermission(state: OrgState, row: Row): void {
  if (row.ParentId !== state.integrationPermissionSetId || row.PermissionsRead !== true) return;
  const [objectName, fieldName] = String(row.Field ?? '').split('.');
  const table = objectName ? state.table(objectName) : undefined;
  const def = table && fieldName ? table.anyField(fieldName) : undefined;
  if (table && def) table.hidden.delete(def.name);
}
