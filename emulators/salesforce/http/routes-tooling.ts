import express, { type Router } from 'express';
import { type CustomFieldMetadata, customFieldFromMetadata } from '../custom-fields.ts';
import type { OrgState } from '../org-state.ts';
import { sendError, sendErrors } from './errors.ts';

/**
 * Tooling API CustomField create. The field appears in describe at once, unless the org
 * enforces field-level security: then it stays hidden from the API user until a
 * FieldPermissions row grants read access.
 */
export function toolingRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  router.post('/tooling/sobjects/CustomField', (req, res) => {
    if (!state.permissions.canCreateFields) {
      sendError(
        res,
        403,
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id: the API user needs the "Customize Application" permission to create custom fields',
      );
      return;
    }
    const body = (req.body ?? {}) as { FullName?: unknown; Metadata?: CustomFieldMetadata };
    const match =
      typeof body.FullName === 'string'
        ? /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*__c)$/.exec(body.FullName)
        : null;
    if (!match) {
      sendError(res, 400, 'FIELD_INTEGRITY_EXCEPTION', 'FullName must look like Object.Field_Name__c', [
        'FullName',
      ]);
      return;
    }
    const table = state.table(match[1]!);
    if (!table) {
      sendError(res, 400, 'FIELD_INTEGRITY_EXCEPTION', `Cannot find object: ${match[1]}`, ['FullName']);
      return;
    }
    const fieldName = match[2]!;
    if (table.anyField(fieldName)) {
      sendError(
        res,
        400,
        'DUPLICATE_DEVELOPER_NAME',
        `There is already a field named ${fieldName.replace(/__c$/, '')} on ${table.name}.`,
        ['FullName'],
      );
      return;
    }
    const parsed = customFieldFromMetadata(fieldName, body.Metadata ?? {});
    if (!parsed.ok) {
      sendErrors(res, 400, [parsed.error]);
      return;
    }
    table.addField(parsed.def, state.permissions.fieldLevelSecurity);
    res.status(201).json({ id: state.ids.next('00N'), success: true, errors: [], warnings: [], infos: [] });
  });
  return router;
}
