import { field, picklist, text } from '../field-defs.ts';
import type { OrgState } from '../org-state.ts';

/**
 * Custom fields a typical B2B SaaS org has and the demo data fills: subscription details on
 * Account, buying role and time zone on people. Added once; visible to the API user.
 */
export function addDemoCustomFields(state: OrgState): void {
  const add = (object: string, def: ReturnType<typeof field>) => {
    const table = state.requireTable(object);
    if (!table.anyField(def.name)) table.addField(def, false);
  };
  add('Account', text('Plan__c', 'Plan', 40));
  add('Account', field('MRR__c', 'MRR', 'currency', { precision: 16, scale: 2 }));
  add('Account', field('Churned_At__c', 'Churned At', 'datetime'));
  for (const object of ['Contact', 'Lead']) {
    add(
      object,
      picklist('Buying_Role__c', 'Buying Role', [
        'economic_buyer',
        'champion',
        'technical_evaluator',
        'user',
        'influencer',
        'blocker',
      ]),
    );
    add(object, text('Time_Zone__c', 'Time Zone', 64));
    add(object, text('Lifecycle_Stage__c', 'Lifecycle Stage', 40));
  }
}
