/** Records of one provider object type that a CRM says changed, handed to the re-sync. */
export interface RecordsChanged {
  /** The configured connector the records belong to (server.webhooks.<crm>.connector). */
  readonly connector: string;
  /** Provider object type as source refs name it: "contacts", "companies" (HubSpot), "Contact", "Account" (Salesforce). */
  readonly objectType: string;
  /** Created, updated or restored records (provider ids), each once. */
  readonly ids: readonly string[];
  /** Records gone from the provider: deleted, or merged into another record. */
  readonly deleted: readonly string[];
}

/** One record-level change a webhook event describes. */
export interface RecordChange {
  readonly objectType: string;
  readonly id: string;
  readonly deleted: boolean;
  /** Epoch ms; deliveries are not in order, so the latest event of a record decides its state. */
  readonly occurredAt: number;
}

/**
 * One RecordsChanged per object type. A record deleted and restored (or changed then deleted) in
 * one delivery lands in the list of its latest event. Object types whose events carried no ids (a
 * Salesforce overflow) still yield an entry, so the connector is re-synced.
 */
export function groupChanges(
  connector: string,
  changes: readonly RecordChange[],
  objectTypesWithoutIds: readonly string[] = [],
): RecordsChanged[] {
  const groups = new Map<string, { ids: Set<string>; deleted: Set<string> }>();
  const group = (objectType: string) => {
    let found = groups.get(objectType);
    if (!found) {
      found = { ids: new Set(), deleted: new Set() };
      groups.set(objectType, found);
    }
    return found;
  };
  for (const objectType of objectTypesWithoutIds) group(objectType);
  // Groups in delivery order; within a group, event time decides.
  for (const change of changes) group(change.objectType);
  const ordered = [...changes].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const change of ordered) {
    const target = group(change.objectType);
    const [into, outOf] = change.deleted ? [target.deleted, target.ids] : [target.ids, target.deleted];
    outOf.delete(change.id);
    into.add(change.id);
  }
  return [...groups].map(([objectType, { ids, deleted }]) => ({
    connector,
    objectType,
    ids: [...ids],
    deleted: [...deleted],
  }));
}
