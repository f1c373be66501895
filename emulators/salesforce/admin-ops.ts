import type { OrgState } from './org-state.ts';
import type { FieldValue } from './values.ts';

/** Child objects and the lookup fields a merge re-parents from the losers to the master. */
const CHILD_REFERENCES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  Account: [
    ['Contact', 'AccountId'],
    ['Opportunity', 'AccountId'],
    ['Task', 'WhatId'],
    ['Event', 'WhatId'],
  ],
  Contact: [
    ['Opportunity', 'ContactId'],
    ['Task', 'WhoId'],
    ['Event', 'WhoId'],
  ],
  Lead: [
    ['Task', 'WhoId'],
    ['Event', 'WhoId'],
  ],
};

/**
 * Merges records the way the UI and the SOAP merge() call do: each loser is deleted with
 * MasterRecordId pointing at the master, and its children move to the master (which touches
 * their SystemModstamp too). Returns the ids of every record that changed.
 */
export function mergeRecords(
  state: OrgState,
  object: string,
  masterId: string,
  loserIds: readonly string[],
): string[] {
  const table = state.requireTable(object);
  if (!table.mergeable) throw new Error(`${object} records cannot be merged`);
  const master = table.get(masterId);
  if (!master || master.IsDeleted === true)
    throw new Error(`merge master ${masterId} is not a live ${object}`);
  if (loserIds.length < 1 || loserIds.length > 2)
    throw new Error('a merge takes one or two records besides the master');
  const changed = [masterId];
  state.touch(object, masterId);
  for (const loserId of loserIds) {
    const loser = table.get(loserId);
    if (!loser || loser.IsDeleted === true) throw new Error(`merge loser ${loserId} is not a live ${object}`);
    for (const [childObject, fieldName] of CHILD_REFERENCES[object] ?? []) {
      const children = state.requireTable(childObject);
      const ids = [...children.rows()]
        .filter((row) => row[fieldName] === loserId)
        .map((row) => row.Id as string);
      for (const id of ids) {
        state.touch(childObject, id, { [fieldName]: masterId });
        changed.push(id);
      }
    }
    state.touch(object, loserId, { IsDeleted: true, MasterRecordId: masterId });
    changed.push(loserId);
  }
  return changed;
}

/**
 * Converts a lead: creates (or reuses) an Account and a Contact from it, and marks the lead
 * converted with pointers to both. Activities on the lead move to the new contact.
 */
export function convertLead(
  state: OrgState,
  leadId: string,
  options: { accountId?: string } = {},
): { contactId: string; accountId: string } {
  const leads = state.requireTable('Lead');
  const lead = leads.get(leadId);
  if (!lead || lead.IsDeleted === true || lead.IsConverted === true)
    throw new Error(`lead ${leadId} cannot be converted`);
  const owner = lead.OwnerId ?? state.apiUserId;
  const accountId =
    options.accountId ??
    state.load('Account', [
      {
        Name: lead.Company ?? 'Unknown',
        Website: lead.Website ?? null,
        Industry: lead.Industry ?? null,
        OwnerId: owner,
      },
    ])[0]!;
  const contact: Record<string, FieldValue> = {
    AccountId: accountId,
    FirstName: lead.FirstName ?? null,
    LastName: lead.LastName ?? null,
    Email: lead.Email ?? null,
    Phone: lead.Phone ?? null,
    Title: lead.Title ?? null,
    MailingCity: lead.City ?? null,
    MailingCountry: lead.Country ?? null,
    HasOptedOutOfEmail: lead.HasOptedOutOfEmail ?? false,
    LeadSource: lead.LeadSource ?? null,
    OwnerId: owner,
  };
  const contactId = state.load('Contact', [contact])[0]!;
  for (const childObject of ['Task', 'Event']) {
    const children = state.requireTable(childObject);
    const ids = [...children.rows()].filter((row) => row.WhoId === leadId).map((row) => row.Id as string);
    for (const id of ids) state.touch(childObject, id, { WhoId: contactId });
  }
  state.touch('Lead', leadId, {
    IsConverted: true,
    Status: 'Closed - Converted',
    ConvertedDate: new Date(state.now()).toISOString().slice(0, 10),
    ConvertedContactId: contactId,
    ConvertedAccountId: accountId,
  });
  return { contactId, accountId };
}
