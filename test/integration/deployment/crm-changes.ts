import type { FleetWorld } from '../../helpers/fleet/world.ts';

/**
 * What people do in the CRMs while the fleet runs: edit job titles and add people. The same new
 * person is added to both CRMs (same e-mail), so the store must join them into one contact; a
 * title edited while a sync is killed must still arrive (no lost update).
 */
export function changeCrms(world: FleetWorld, round: number, random: () => number, edits = 6): void {
  const hubspot = world.hubspot.state;
  const sf = world.salesforce.state;
  const hubspotContacts = [...hubspot.tables.contacts.scanFrom(0, false)];
  const hubspotCompanies = [...hubspot.tables.companies.scanFrom(0, false)];
  const sfContacts = [...sf.requireTable('Contact').rows()].filter((row) => row.IsDeleted !== true);
  const sfAccounts = [...sf.requireTable('Account').rows()].filter((row) => row.IsDeleted !== true);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < edits; i += 1) {
    hubspot.update('contacts', pick(hubspotContacts).id, { jobtitle: `Head of Data (round ${round}.${i})` });
    sf.touch('Contact', pick(sfContacts).Id as string, { Title: `Director of Ops (round ${round}.${i})` });
  }
  for (let i = 0; i < 2; i += 1) {
    const email = `new.person.${round}.${i}@fleet-newcomers.example`;
    const title = `Analyst (joined in round ${round})`;
    const contact = hubspot.create('contacts', {
      email,
      firstname: 'New',
      lastname: `Person ${round}-${i}`,
      jobtitle: title,
    });
    hubspot.associate('contacts', contact.id, 'companies', pick(hubspotCompanies).id);
    sf.load('Contact', [
      {
        FirstName: 'New',
        LastName: `Person ${round}-${i}`,
        Email: email,
        Title: title,
        AccountId: pick(sfAccounts).Id as string,
      },
    ]);
  }
}
