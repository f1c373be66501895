import { z } from 'zod';

/**
 * Where a record came from: the connector instance that read it (e.g. "hubspot", "salesforce_eu",
 * "demo_files"), the provider's object type ("contacts", "Lead", "Contact") and the provider's id.
 * One canonical entity can carry several source refs (the same person in HubSpot and Salesforce).
 */
export const sourceRefSchema = z.strictObject({
  system: z.string().regex(/^[a-z][a-z0-9_]*$/, 'system must be a lower-case connector name like "hubspot"'),
  objectType: z.string().min(1),
  externalId: z.string().min(1),
});

export type SourceRef = z.infer<typeof sourceRefSchema>;

/** Stable textual key of a source ref, used for identity lookups and idempotent upserts. */
export function sourceKey(ref: SourceRef): string {
  return `ref:${ref.system}/${ref.objectType}/${ref.externalId}`;
}

export function parseSourceKey(key: string): SourceRef {
  const match = /^ref:([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  if (!match) throw new Error(`not a source key: ${key}`);
  return { system: match[1]!, objectType: match[2]!, externalId: match[3]! };
}
