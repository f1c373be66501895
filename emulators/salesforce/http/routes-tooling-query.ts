import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { OrgState } from '../org-state.ts';
import { sendError } from './errors.ts';

/**
 * Tooling API query of CustomField, the shape setup tools use to list an object's custom fields
 * whatever the API user's field-level security (Tooling API Developer Guide, "CustomField":
 * query is supported; `TableEnumOrId` holds the object's API name for standard objects and
 * `DeveloperName` the field name without `__c`):
 *   SELECT Id, DeveloperName, TableEnumOrId FROM CustomField [WHERE TableEnumOrId = 'Contact']
 * Other Tooling queries answer MALFORMED_QUERY, as an unsupported entity does in a real org.
 */
const CUSTOM_FIELD_QUERY =
  /^SELECT\s+([\w\s,]+?)\s+FROM\s+CustomField(?:\s+WHERE\s+TableEnumOrId\s*(?:=\s*'(\w+)'|IN\s*\(([^)]*)\)))?\s*$/i;

export function toolingQueryRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/tooling/query', (req, res) => {
    const soql = String(req.query.q ?? '').trim();
    const match = CUSTOM_FIELD_QUERY.exec(soql);
    if (!match) {
      sendError(
        res,
        400,
        'MALFORMED_QUERY',
        `the emulated Tooling API answers CustomField queries only: ${soql}`,
      );
      return;
    }
    const selected = match[1]!.split(',').map((name) => name.trim());
    const objects = match[2]
      ? [match[2]]
      : match[3]
        ? match[3].split(',').map((name) => name.trim().replace(/^'|'$/g, ''))
        : null;
    const records: Record<string, unknown>[] = [];
    for (const table of state.tables()) {
      if (objects && !objects.some((name) => name.toLowerCase() === table.name.toLowerCase())) continue;
      for (const def of table.allFields()) {
        if (!def.custom) continue;
        const full: Record<string, unknown> = {
          Id: `00N${createHash('sha1').update(`${table.name}.${def.name}`).digest('hex').slice(0, 12)}`,
          DeveloperName: def.name.replace(/__c$/i, ''),
          TableEnumOrId: table.name,
        };
        const row: Record<string, unknown> = { attributes: { type: 'CustomField' } };
        for (const name of selected) if (name in full) row[name] = full[name];
        records.push(row);
      }
    }
    res.json({
      size: records.length,
      totalSize: records.length,
      done: true,
      entityTypeName: 'CustomField',
      records,
    });
  });
  return router;
}
