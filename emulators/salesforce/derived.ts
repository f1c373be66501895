import type { FieldValue, Row } from './values.ts';

type Lookup = (id: string) => Row | undefined;

/**
 * Fields a real org computes on save: full names, Opportunity IsClosed/IsWon from the stage,
 * Task IsClosed from the status, and an activity's AccountId from what it is related to.
 */
export function derivedFields(
  object: string,
  row: Record<string, FieldValue>,
  lookup: Lookup,
): Record<string, FieldValue> {
  switch (object) {
    case 'Contact':
    case 'Lead':
    case 'User':
      return {
        Name: [row.FirstName, row.LastName]
          .filter((part) => typeof part === 'string' && part !== '')
          .join(' '),
      };
    case 'Opportunity':
      return {
        IsClosed: row.StageName === 'Closed Won' || row.StageName === 'Closed Lost',
        IsWon: row.StageName === 'Closed Won',
      };
    case 'Task':
      return { IsClosed: row.Status === 'Completed', AccountId: activityAccount(row, lookup) };
    case 'Event':
      return { AccountId: activityAccount(row, lookup) };
    default:
      return {};
  }
}

function activityAccount(row: Record<string, FieldValue>, lookup: Lookup): FieldValue {
  const what = typeof row.WhatId === 'string' ? row.WhatId : null;
  if (what?.startsWith('001')) return what;
  if (what?.startsWith('006')) return lookup(what)?.AccountId ?? null;
  const who = typeof row.WhoId === 'string' ? row.WhoId : null;
  if (who?.startsWith('003')) return lookup(who)?.AccountId ?? null;
  return null;
}
