import type { RecordKind } from '../../core/schema/index.ts';
import type { HubObject } from './api/types.ts';
import { type HubspotConnectorConfig, hubspotEngagementTypes, hubspotStreamNames } from './config.ts';
import { companyPropertyNames, mapCompany } from './mapping/company.ts';
import { contactProperties, mapContact } from './mapping/contact.ts';
import { dealProperties, dealStatus, mapDeal } from './mapping/deal.ts';
import { type EngagementType, engagementProperties, mapEngagement } from './mapping/engagement.ts';
import { mergedLosers } from './mapping/merges.ts';
import type { MappingContext } from './mapping/shared.ts';
import type { ObjectReadSpec } from './source/object-reader.ts';

/** One HubSpot object type inside a stream, and how its records become canonical inputs. */
export interface ObjectSpec extends ObjectReadSpec {
  /** Canonical record inputs for one HubSpot record (a merge winner also yields its losers). */
  readonly map: (object: HubObject) => unknown[];
}

export interface StreamSpec {
  readonly name: (typeof hubspotStreamNames)[number];
  readonly kind: RecordKind;
  readonly objects: readonly ObjectSpec[];
  /** Deals are read in the company currency; filled in from the API before the stream is read. */
  readonly companyCurrency?: { code: string | null };
}

/** The streams a HubSpot connector instance offers, from its config. */
export function buildManifest(system: string, config: HubspotConnectorConfig): StreamSpec[] {
  const extra = config.properties ?? {};
  const context = (names: readonly string[] | undefined): MappingContext => ({
    system,
    extraProperties: names ?? [],
  });
  const fields = config.accountFields ?? {};
  const contacts = context(extra.contacts);
  const companies = { ...context(extra.companies), fields };
  const deals = { ...context(extra.deals), companyCurrency: { code: config.companyCurrency ?? null } };
  const events = context([]);

  const all: StreamSpec[] = [
    {
      name: 'companies',
      kind: 'account',
      objects: [
        {
          objectType: 'companies',
          lastModifiedProperty: 'hs_lastmodifieddate',
          properties: [...companyPropertyNames(fields), ...(extra.companies ?? [])],
          associations: [],
          map: (object) => [
            mapCompany(object, companies),
            ...mergedLosers(object, 'companies', 'hs_lastmodifieddate', companies).map((loser) => ({
              kind: 'account',
              ...loser,
              deleted: true,
            })),
          ],
        },
      ],
    },
    {
      name: 'contacts',
      kind: 'contact',
      objects: [
        {
          objectType: 'contacts',
          lastModifiedProperty: 'lastmodifieddate',
          properties: [...contactProperties, ...(extra.contacts ?? [])],
          // The primary company arrives as `associatedcompanyid`, so no association calls are needed.
          associations: [],
          map: (object) => [
            mapContact(object, contacts),
            ...mergedLosers(object, 'contacts', 'lastmodifieddate', contacts).map((loser) => ({
              kind: 'contact',
              ...loser,
              deleted: true,
            })),
          ],
        },
      ],
    },
    {
      name: 'deals',
      kind: 'deal',
      companyCurrency: deals.companyCurrency,
      objects: [
        {
          objectType: 'deals',
          lastModifiedProperty: 'hs_lastmodifieddate',
          properties: [...dealProperties, ...(extra.deals ?? [])],
          associations: ['companies', 'contacts'],
          map: (object) => [
            mapDeal(object, deals),
            ...mergedLosers(object, 'deals', 'hs_lastmodifieddate', deals).map((loser) => ({
              kind: 'deal',
              ...loser,
              deleted: true,
              status: dealStatus(object.properties),
            })),
          ],
        },
      ],
    },
    {
      name: 'engagements',
      kind: 'event',
      objects: (config.engagementTypes ?? hubspotEngagementTypes).map((type: EngagementType) => ({
        objectType: type,
        lastModifiedProperty: 'hs_lastmodifieddate',
        properties: engagementProperties[type],
        associations: ['contacts', 'companies'],
        map: (object: HubObject) => mapEngagement(object, type, events),
      })),
    },
  ];
  const wanted = new Set(config.streams ?? hubspotStreamNames);
  return all.filter((stream) => wanted.has(stream.name));
}
