import { describe, expect, it } from 'vitest';
import type { ScoreFieldSpec } from '../../../../core/connectors/destination.ts';
import { seedSalesforceSynthetic } from '../../../../emulators/salesforce/index.ts';
import { AS_OF, destination, harness } from './emulated-org.ts';

const scoreFields: ScoreFieldSpec[] = [
  { name: 'lead_score', label: 'Lead Score', type: 'number', description: 'scorebridge lead score (0-100)' },
  { name: 'churn_risk', label: 'Churn Risk', type: 'number', description: 'risk' },
];

function assignmentsOf(h: Awaited<ReturnType<typeof harness>>, permissionSetId: string) {
  const { state } = h.emulator;
  return [...state.requireTable('PermissionSetAssignment').rows()].filter(
    (row) => row.PermissionSetId === permissionSetId && row.AssigneeId === state.apiUserId,
  );
}

describe('Salesforce write-back under field-level security (the emulator default)', () => {
  it('stops with the hidden fields and what to do when no permission set is configured', async () => {
    const h = await harness();
    try {
      const error = await destination(h.emulator, { writeBack: { permissionSet: undefined } })
        .ensureScoreFields('Contact', scoreFields)
        .catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain('Contact.Lead_Score__c, Contact.Churn_Risk__c');
      expect((error as Error).message).toContain('Set writeBack.permissionSet');
      // The fields exist (created through the Tooling API) but stay hidden from the API user.
      const contact = h.emulator.state.requireTable('Contact');
      expect(contact.anyField('Lead_Score__c')).toBeDefined();
      expect(contact.field('Lead_Score__c')).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('creates the configured permission set, assigns it to the user and grants the fields, then writes', async () => {
    const h = await harness();
    try {
      const { contactIds } = seedSalesforceSynthetic(h.emulator.state, {
        accounts: 2,
        contacts: 5,
        activities: 0,
        seed: 4,
        startMs: Date.parse(AS_OF) - 86_400_000,
      });
      const target = destination(h.emulator, { writeBack: { permissionSet: 'Scorebridge_Scores' } });
      expect(await target.ensureScoreFields('Contact', scoreFields)).toEqual({
        created: ['Lead_Score__c', 'Churn_Risk__c'],
        existing: [],
      });
      const sets = [...h.emulator.state.requireTable('PermissionSet').rows()].filter(
        (row) => row.Name === 'Scorebridge_Scores',
      );
      expect(sets).toHaveLength(1);
      expect(assignmentsOf(h, String(sets[0]!.Id))).toHaveLength(1);
      const grants = [...h.emulator.state.requireTable('FieldPermissions').rows()].filter(
        (row) => row.ParentId === sets[0]!.Id,
      );
      expect(grants.map((row) => row.Field).sort()).toEqual([
        'Contact.Churn_Risk__c',
        'Contact.Lead_Score__c',
      ]);
      const written = await target.writeFields([
        {
          idempotencyKey: 'k1',
          objectType: 'Contact',
          recordId: contactIds[0]!,
          fields: { Lead_Score__c: 81 },
        },
      ]);
      expect(written[0]).toMatchObject({ status: 'ok' });
      expect(h.emulator.state.requireTable('Contact').get(contactIds[0]!)?.Lead_Score__c).toBe(81);
      // A second run finds everything in place and creates nothing.
      expect(await target.ensureScoreFields('Contact', scoreFields)).toEqual({
        created: [],
        existing: ['Lead_Score__c', 'Churn_Risk__c'],
      });
    } finally {
      await h.close();
    }
  });

  it('assigns an existing permission set the user does not hold yet', async () => {
    const h = await harness({ permissions: { integrationSetAssigned: false } });
    try {
      const setId = h.emulator.state.integrationPermissionSetId;
      expect(assignmentsOf(h, setId)).toHaveLength(0);
      await destination(h.emulator).ensureScoreFields('Contact', scoreFields);
      expect(assignmentsOf(h, setId)).toHaveLength(1);
      expect(h.emulator.state.requireTable('Contact').field('Churn_Risk__c')).toBeDefined();
    } finally {
      await h.close();
    }
  });

  it('names the fields and the admin steps when the user may not manage permission sets', async () => {
    const h = await harness({ permissions: { managePermissionSets: false } });
    try {
      const error = await destination(h.emulator, { writeBack: { permissionSet: 'Scorebridge_Scores' } })
        .ensureScoreFields('Contact', scoreFields)
        .catch((e: unknown) => e as Error);
      expect((error as Error).message).toContain(
        'the integration user may not create permission sets (it lacks "Manage Profiles and Permission Sets")',
      );
      expect((error as Error).message).toContain(
        'permission set "Scorebridge_Scores" read and edit access on Contact.Lead_Score__c, Contact.Churn_Risk__c',
      );
      expect(h.emulator.state.requireTable('Contact').field('Lead_Score__c')).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('the lenient variant (fieldLevelSecurity: false) shows new fields at once', async () => {
    // Opt-in only: real orgs always enforce field-level security.
    const h = await harness({ permissions: { fieldLevelSecurity: false } });
    try {
      await destination(h.emulator, { writeBack: { permissionSet: undefined } }).ensureScoreFields(
        'Contact',
        scoreFields,
      );
      expect(h.emulator.state.requireTable('Contact').field('Lead_Score__c')).toBeDefined();
    } finally {
      await h.close();
    }
  });
});
