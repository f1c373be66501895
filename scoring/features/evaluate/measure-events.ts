import type { ResolvedEvent } from '../../../core/schema/index.ts';
import type { EventMeasure, FeaturePlan, Scope } from '../plan/ir.ts';
import { propertiesRead } from '../sql/measures.ts';
import { DAY_MS, eventTimeMs } from '../time.ts';
import { eventNumber, passes, propertyText } from './event-fields.ts';

/** A measure's value: a number (NaN = unknown) or, for latest_text, a text (null = unknown). */
export type MeasureValue = number | string | null;

/** The event measures of one scope of a plan, indexed by event name so each event meets only its own. */
export interface EventMeasureIndex {
  readonly ids: readonly number[];
  readonly byName: ReadonlyMap<string, readonly number[]>;
  /** Measures that read every event. */
  readonly anyName: readonly number[];
}

export function indexEventMeasures(plan: FeaturePlan, scope: Scope): EventMeasureIndex {
  const ids: number[] = [];
  const byName = new Map<string, number[]>();
  const anyName: number[] = [];
  plan.measures.forEach((measure, id) => {
    if (measure.source !== 'events' || measure.scope !== scope) return;
    ids.push(id);
    if (measure.select.names === null) anyName.push(id);
    else
      for (const name of measure.select.names) {
        const list = byName.get(name);
        if (list) list.push(id);
        else byName.set(name, [id]);
      }
  });
  return { ids, byName, anyName };
}

/**
 * The events whose properties some event measure of the plan reads, by name, with how far back
 * (days before the cutoff, Infinity for all time) such a measure looks; 'all' when a measure that
 * reads properties takes any event name. Readers may skip the properties of other events.
 */
export function eventNamesReadingProperties(plan: FeaturePlan): ReadonlyMap<string, number> | 'all' {
  const names = new Map<string, number>();
  for (const measure of plan.measures) {
    if (measure.source !== 'events' || propertiesRead(measure).length === 0) continue;
    if (measure.select.names === null) return 'all';
    const days = measure.range.within ?? Number.POSITIVE_INFINITY;
    for (const name of measure.select.names) names.set(name, Math.max(names.get(name) ?? 0, days));
  }
  return names;
}

interface State {
  n: number;
  total: number;
  extreme: number;
  at: number;
  id: number;
  text: string | null;
  seen: Set<string> | null;
}

function emptyState(measure: EventMeasure): State {
  const distinct = measure.agg === 'distinct_person' || measure.agg === 'distinct_value';
  return {
    n: 0,
    total: 0,
    extreme: Number.NaN,
    at: Number.NaN,
    id: 0,
    text: null,
    seen: distinct ? new Set() : null,
  };
}

function inRange(measure: EventMeasure, ageDays: number): boolean {
  const { after, within } = measure.range;
  return (after === null || ageDays > after) && (within === null || ageDays <= within);
}

/** Later by time, then by id: the order the store returns events in. */
function isLater(at: number, id: number, state: State): boolean {
  return Number.isNaN(state.at) || at > state.at || (at === state.at && id > state.id);
}

/** Reads event.properties only where the measure needs them (see eventNamesReadingProperties). */
function add(measure: EventMeasure, state: State, event: ResolvedEvent, at: number): void {
  switch (measure.agg) {
    case 'count':
      state.n += 1;
      return;
    case 'first_at':
      if (Number.isNaN(state.extreme) || at < state.extreme) state.extreme = at;
      return;
    case 'last_at':
      if (Number.isNaN(state.extreme) || at > state.extreme) state.extreme = at;
      return;
    case 'distinct_person':
      if (event.contactId !== null) state.seen!.add(event.contactId);
      return;
    case 'distinct_value': {
      const text = propertyText(event.properties, measure.ref);
      if (text !== null) state.seen!.add(text);
      return;
    }
    case 'latest_text': {
      const text = propertyText(event.properties, measure.ref);
      if (text !== null && isLater(at, event.id, state)) {
        state.text = text;
        state.at = at;
        state.id = event.id;
      }
      return;
    }
    default: {
      const value = eventNumber(event, measure.value);
      if (Number.isNaN(value)) return;
      if (measure.agg === 'latest_number') {
        if (isLater(at, event.id, state)) {
          state.extreme = value;
          state.at = at;
          state.id = event.id;
        }
        return;
      }
      state.n += 1;
      state.total += value;
      if (measure.agg === 'min' && (Number.isNaN(state.extreme) || value < state.extreme))
        state.extreme = value;
      if (measure.agg === 'max' && (Number.isNaN(state.extreme) || value > state.extreme))
        state.extreme = value;
    }
  }
}

function result(measure: EventMeasure, state: State): MeasureValue {
  switch (measure.agg) {
    case 'count':
      return state.n;
    case 'sum':
      return state.total;
    case 'avg':
      return state.n > 0 ? state.total / state.n : Number.NaN;
    case 'distinct_person':
    case 'distinct_value':
      return state.seen!.size;
    case 'latest_text':
      return state.text;
    default:
      return state.extreme;
  }
}

/**
 * Every measure of `index` over events strictly before the cutoff, in one pass. `out` receives
 * the values at the measures' ids.
 */
export function measureEvents(
  plan: FeaturePlan,
  index: EventMeasureIndex,
  events: readonly ResolvedEvent[],
  cutoffMs: number,
  out: MeasureValue[],
): void {
  const measures = plan.measures as readonly EventMeasure[];
  // Indexed by measure id (sparse): cheaper than a Map on the per-event path.
  const states: State[] = [];
  for (const id of index.ids) states[id] = emptyState(measures[id]!);
  const visit = (id: number, event: ResolvedEvent, at: number, ageDays: number) => {
    const measure = measures[id]!;
    if (!inRange(measure, ageDays)) return;
    for (const condition of measure.select.conditions) if (!passes(event.properties, condition)) return;
    add(measure, states[id]!, event, at);
  };
  for (const event of events) {
    const at = event.occurredMs ?? eventTimeMs(event.occurredAt);
    if (!(at < cutoffMs)) continue;
    const ageDays = (cutoffMs - at) / DAY_MS;
    const named = index.byName.get(event.type);
    if (named) for (const id of named) visit(id, event, at, ageDays);
    for (const id of index.anyName) visit(id, event, at, ageDays);
  }
  for (const id of index.ids) out[id] = result(measures[id]!, states[id]!);
}
