import type { Clock } from '../../../core/clock.ts';
import { ApiError, notFound, validationError } from '../errors.ts';
import { rememberVersion } from '../search/index-lag.ts';
import { AssociationStore } from './associations.ts';
import { CurrencySettings } from './currencies.ts';
import { ObjectTable, type StoredObject } from './object-table.ts';
import { type ObjectType, objectTypeInfo, objectTypes } from './object-types.ts';
import { OwnerDirectory } from './owners.ts';
import { PropertyRegistry } from './property-registry.ts';
import { checkWrite, derivedValues, type WriteCheck } from './writes.ts';

export interface CreateOptions {
  /** Backdate the record (seeding history); defaults to the clock. */
  readonly createdAt?: number;
  readonly updatedAt?: number;
}

/**
 * The whole portal: records per object type, property definitions, associations and owners.
 * Every write stamps the last-modified time from the injected clock, as HubSpot does.
 */
export class CrmState {
  readonly clock: Clock;
  readonly properties: PropertyRegistry;
  readonly associations = new AssociationStore();
  readonly owners: OwnerDirectory;
  readonly currencies = new CurrencySettings();
  readonly tables: Readonly<Record<ObjectType, ObjectTable>>;
  /** How long search trails writes; replaced versions are kept this long for it. */
  searchIndexLagMs = 0;
  #nextId = 1001;

  constructor(clock: Clock) {
    this.clock = clock;
    this.properties = new PropertyRegistry(this.now());
    this.owners = new OwnerDirectory(() => this.now());
    this.tables = Object.fromEntries(objectTypes.map((type) => [type, new ObjectTable(type)])) as Record<
      ObjectType,
      ObjectTable
    >;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** A live (not archived) record, or undefined. */
  live(type: ObjectType, id: number | string): StoredObject | undefined {
    const object = this.tables[type].get(Number(id));
    return object && object.archivedAt === null ? object : undefined;
  }

  /** Validates property names (whole-call errors throw) and values (returned per record). */
  check(type: ObjectType, properties: unknown): WriteCheck {
    return checkWrite(this.properties, type, properties);
  }

  create(type: ObjectType, properties: Record<string, string>, options: CreateOptions = {}): StoredObject {
    const table = this.tables[type];
    for (const name of this.properties.uniqueNames(type)) {
      const value = properties[name];
      const existing = value ? table.findUnique(name, value) : undefined;
      if (existing !== undefined) {
        throw new ApiError(
          409,
          'CONFLICT',
          `${objectTypeInfo[type].singular[0]!.toUpperCase()}${objectTypeInfo[type].singular.slice(1)} already exists. Existing ID: ${existing}`,
        );
      }
    }
    const createdAt = options.createdAt ?? this.now();
    const object: StoredObject = {
      id: this.#nextId++,
      properties: this.#withHomeAmount(
        type,
        withoutEmpty({ ...properties, ...derivedValues(type, properties) }),
      ),
      createdAt,
      updatedAt: options.updatedAt ?? createdAt,
      archivedAt: null,
    };
    table.insert(object);
    for (const name of this.properties.uniqueNames(type)) {
      if (object.properties[name]) table.setUnique(name, object.properties[name], object.id);
    }
    return object;
  }

  /** Applies values ("" clears); bumps the last-modified time only when something changed. */
  update(
    type: ObjectType,
    id: number | string,
    properties: Record<string, string>,
    at = this.now(),
  ): StoredObject {
    const object = this.live(type, id);
    if (!object)
      throw notFound(`Object not found. objectId are usually numeric.`, { context: { id: [String(id)] } });
    const table = this.tables[type];
    for (const name of this.properties.uniqueNames(type)) {
      const value = properties[name];
      const owner = value ? table.findUnique(name, value) : undefined;
      if (owner !== undefined && owner !== object.id) {
        throw new ApiError(
          409,
          'CONFLICT',
          `A record with ${name}=${value} already exists. Existing ID: ${owner}`,
        );
      }
    }
    const next = { ...object.properties };
    for (const [name, value] of Object.entries(properties)) {
      if (value === '') delete next[name];
      else next[name] = value;
    }
    Object.assign(next, derivedValues(type, next));
    const wasClosed = object.properties.hs_is_closed === 'true' && !object.properties.closedate;
    // A deal closed without a close date keeps the rate of the moment it was closed.
    if (!(wasClosed && next.hs_is_closed === 'true' && !next.closedate)) this.#withHomeAmount(type, next);
    const changed = Object.keys({ ...next, ...object.properties }).some(
      (key) => next[key] !== object.properties[key],
    );
    if (!changed) return object;
    rememberVersion(object, this.searchIndexLagMs, this.now());
    object.properties = next;
    object.updatedAt = at;
    for (const name of this.properties.uniqueNames(type)) table.setUnique(name, next[name], object.id);
    return object;
  }

  /**
   * A new exchange rate: open deals in that currency, and closed ones whose close date it covers, get
   * their amount in the company currency again (HubSpot recalculates them; it does not count as an edit).
   */
  addExchangeRate(fromCurrencyCode: string, conversionRate: number, effectiveAt = this.now()): void {
    this.currencies.addExchangeRate(fromCurrencyCode, conversionRate, effectiveAt);
    for (const deal of this.tables.deals.scanFrom(0, false)) {
      if (deal.properties.deal_currency_code?.toUpperCase() !== fromCurrencyCode.toUpperCase()) continue;
      if (deal.properties.hs_is_closed === 'true' && !deal.properties.closedate) continue;
      const next = { ...deal.properties };
      deal.properties = this.#withHomeAmount('deals', next);
    }
  }

  #withHomeAmount(type: ObjectType, values: Record<string, string>): Record<string, string> {
    if (type !== 'deals') return values;
    const home = this.currencies.homeAmount(values, this.now());
    if (home === undefined) delete values.amount_in_home_currency;
    else values.amount_in_home_currency = home;
    return values;
  }

  archive(type: ObjectType, id: number | string, at = this.now()): void {
    const object = this.live(type, id);
    if (!object) throw notFound(`Object ${id} of type ${type} not found.`);
    object.archivedAt = at;
    for (const name of this.properties.uniqueNames(type))
      this.tables[type].setUnique(name, undefined, object.id);
  }

  /** Stamps many records with one last-modified instant, like a HubSpot bulk import or workflow. */
  touch(type: ObjectType, ids: Iterable<number | string>, at = this.now()): number {
    let count = 0;
    for (const id of ids) {
      const object = this.live(type, id);
      if (!object) continue;
      rememberVersion(object, this.searchIndexLagMs, this.now());
      object.updatedAt = at;
      count++;
    }
    return count;
  }

  associate(from: ObjectType, fromId: number | string, to: ObjectType, toId: number | string): void {
    const source = this.live(from, fromId);
    const target = this.live(to, toId);
    if (!source) throw notFound(`${objectTypeInfo[from].upperName} ${fromId} not found.`);
    if (!target) throw notFound(`${objectTypeInfo[to].upperName} ${toId} not found.`);
    this.associations.add(from, source.id, to, target.id);
    // HubSpot keeps the primary company of a contact in a property as well.
    if (from === 'contacts' && to === 'companies' && !source.properties.associatedcompanyid) {
      source.properties.associatedcompanyid = String(target.id);
    }
    if (from === 'companies' && to === 'contacts' && !target.properties.associatedcompanyid) {
      target.properties.associatedcompanyid = String(source.id);
    }
  }

  /**
   * Merges `loserId` into `winnerId`: the winner keeps its values and fills blanks from the loser,
   * records the loser (and whatever the loser had absorbed) in `hs_merged_object_ids`, takes over
   * its associations; the loser is archived.
   */
  merge(type: ObjectType, winnerId: number | string, loserId: number | string): StoredObject {
    if (String(winnerId) === String(loserId)) throw validationError('Cannot merge an object with itself.');
    const winner = this.live(type, winnerId);
    const loser = this.live(type, loserId);
    if (!winner || !loser) throw notFound(`Object ${winner ? loserId : winnerId} of type ${type} not found.`);
    const now = this.now();
    rememberVersion(winner, this.searchIndexLagMs, now);
    const uniques = new Set(this.properties.uniqueNames(type));
    for (const [name, value] of Object.entries(loser.properties)) {
      if (!(name in winner.properties) && !uniques.has(name) && name !== 'hs_merged_object_ids')
        winner.properties[name] = value;
    }
    const trail = [
      winner.properties.hs_merged_object_ids,
      String(loser.id),
      loser.properties.hs_merged_object_ids,
    ]
      .filter((part): part is string => Boolean(part))
      .flatMap((part) => part.split(';'));
    winner.properties.hs_merged_object_ids = [...new Set(trail)].join(';');
    for (const [otherType, otherId] of [...this.associations.all(type, loser.id)]) {
      this.associations.remove(type, loser.id, otherType, otherId);
      this.associations.add(type, winner.id, otherType, otherId);
    }
    this.archive(type, loser.id, now);
    for (const name of uniques) {
      const value = loser.properties[name];
      if (value && this.tables[type].findUnique(name, value) === undefined)
        this.tables[type].setUnique(name, value, winner.id);
    }
    winner.updatedAt = now;
    return winner;
  }

  /** Permanently deletes a record and its associations (GDPR delete). */
  purge(type: ObjectType, id: number | string): void {
    const object = this.tables[type].get(Number(id));
    if (!object) throw notFound(`Object ${id} of type ${type} not found.`);
    for (const [otherType, otherId] of [...this.associations.all(type, object.id)]) {
      this.associations.remove(type, object.id, otherType, otherId);
    }
    this.tables[type].remove(object.id);
  }
}

function withoutEmpty(properties: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) if (value !== '') out[name] = value;
  return out;
}
