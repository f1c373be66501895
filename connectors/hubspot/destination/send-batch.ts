import { ConnectorError } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import { idsNamedBy, outcomeOfBatchError, outcomeOfCallError, type RecordOutcome } from './batch-outcomes.ts';

export interface BatchInput {
  readonly recordId: string;
  readonly properties: Record<string, string>;
}

/**
 * Isolation calls allowed per batch beyond the first send: a lone bad record of 100 costs at most
 * 2·⌈log2 100⌉ = 14, so this finds about three. Past it the records not yet isolated are retried
 * later, by when the connector has read the property definitions again and can set them apart
 * before sending.
 */
const MAX_ISOLATION_CALLS = 40;
const RETRY_AFTER_MS = 60_000;

/** A whole-call 400: why (fields and reasons, never values beyond the offending field) and which ids. */
interface Rejection {
  readonly reason: string;
  readonly namedIds: readonly string[];
  /** HubSpot says the named records do not exist, rather than that a value is wrong. */
  readonly missing: boolean;
}

function errorBody(error: unknown): { message?: unknown; errors?: unknown } {
  return ((error as { cause?: { body?: unknown } }).cause?.body ?? {}) as {
    message?: unknown;
    errors?: unknown;
  };
}

/** The properties a "Property values were not valid: [...]" answer complains about, with HubSpot's codes. */
function invalidProperties(error: unknown): string[] {
  const body = errorBody(error);
  const listed: string[] = [];
  const message = typeof body.message === 'string' ? body.message : '';
  const json = message.indexOf('[');
  if (json >= 0) {
    try {
      for (const problem of JSON.parse(message.slice(json)) as { name?: unknown; error?: unknown }[])
        if (typeof problem.name === 'string')
          listed.push(
            typeof problem.error === 'string' ? `${problem.name} (${problem.error})` : problem.name,
          );
    } catch {
      // Not the documented JSON list: fall back to the structured errors below.
    }
  }
  if (listed.length === 0 && Array.isArray(body.errors))
    for (const entry of body.errors as { code?: unknown; context?: { propertyName?: unknown } }[]) {
      const names = Array.isArray(entry.context?.propertyName) ? entry.context.propertyName : [];
      for (const name of names)
        listed.push(typeof entry.code === 'string' ? `${name} (${entry.code})` : String(name));
    }
  return [...new Set(listed)];
}

/** The 400 VALIDATION_ERROR HubSpot answers for a whole batch, or null for any other failure. */
function rejectionOf(error: unknown): Rejection | null {
  if (!(error instanceof ConnectorError) || error.status !== 400) return null;
  const category = (errorBody(error) as { category?: unknown }).category;
  if (category !== undefined && category !== 'VALIDATION_ERROR') return null;
  const properties = invalidProperties(error);
  const missing = properties.length === 0 && /not exist|not found|deleted/i.test(error.message);
  const reason = missing
    ? `HubSpot record does not exist (deleted or merged)`
    : properties.length > 0
      ? `HubSpot refused the value of ${properties.join(', ')}`
      : `HubSpot refused the batch: ${error.message.slice(0, 200)}`;
  return { reason, namedIds: idsNamedBy(error), missing };
}

type Attempt =
  | { readonly ok: true; readonly outcomes: Map<string, RecordOutcome> }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * Sends one batch update and reports every record. HubSpot rejects a whole batch with 400 when one
 * value is invalid (emulators/hubspot/routes/invalid-values.ts): when the answer names
 * `context.ids`, those records fail and the rest is sent again; when it names none, the batch is
 * split in halves until each bad record stands alone, re-sending the good halves. A half that
 * passes proves the bad record is in the other half, which is then split without being sent, so a
 * lone bad record costs between ⌈log2 n⌉ and 2·⌈log2 n⌉ extra calls.
 */
export async function sendBatch(
  api: HubspotApi,
  objectType: string,
  batch: readonly BatchInput[],
  onRejected: () => void = () => {},
): Promise<Map<string, RecordOutcome>> {
  let calls = 0;
  const outcomes = new Map<string, RecordOutcome>();
  const attempt = async (inputs: readonly BatchInput[]): Promise<Attempt> => {
    calls++;
    try {
      const response = await api.batchUpdate(
        objectType,
        inputs.map((input) => ({ id: input.recordId, properties: input.properties })),
      );
      const answered = new Map<string, RecordOutcome>();
      for (const result of response.results) answered.set(result.id, { status: 'ok', providerId: result.id });
      for (const error of response.errors)
        for (const id of error.context.ids ?? error.context.id ?? [])
          answered.set(id, outcomeOfBatchError(error));
      return { ok: true, outcomes: answered };
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection) return { ok: false, rejection };
      const shared = outcomeOfCallError(error);
      return { ok: true, outcomes: new Map(inputs.map((input) => [input.recordId, shared])) };
    }
  };
  const fail = (inputs: readonly BatchInput[], rejection: Rejection): void => {
    for (const input of inputs)
      outcomes.set(input.recordId, {
        status: 'failed',
        kind: rejection.missing ? 'permanent' : 'invalid',
        error: rejection.reason,
      });
  };
  const retryLater = (inputs: readonly BatchInput[], rejection: Rejection): void => {
    for (const input of inputs)
      outcomes.set(input.recordId, {
        status: 'retry',
        retryAfterMs: RETRY_AFTER_MS,
        error: `${rejection.reason}; not yet set apart from the other records of its batch, tried again later`,
      });
  };

  /** `inputs` were rejected (sent, or known to hold a bad record): set the bad ones apart. */
  const isolate = async (inputs: readonly BatchInput[], rejection: Rejection): Promise<void> => {
    const named = new Set(rejection.namedIds);
    if (named.size > 0) {
      const bad = inputs.filter((input) => named.has(input.recordId));
      const rest = inputs.filter((input) => !named.has(input.recordId));
      if (bad.length > 0) {
        fail(bad, rejection);
        if (rest.length > 0) await sendOrIsolate(rest);
        return;
      }
    }
    if (inputs.length === 1) return fail(inputs, rejection);
    if (calls > MAX_ISOLATION_CALLS) return retryLater(inputs, rejection);
    const middle = Math.ceil(inputs.length / 2);
    const left = inputs.slice(0, middle);
    const right = inputs.slice(middle);
    const first = await attempt(left);
    if (first.ok) {
      for (const [id, outcome] of first.outcomes) outcomes.set(id, outcome);
      // The whole was refused and this half was not: the bad record is in the other half.
      return isolate(right, rejection);
    }
    await isolate(left, first.rejection);
    await sendOrIsolate(right);
  };

  const sendOrIsolate = async (inputs: readonly BatchInput[]): Promise<void> => {
    const result = await attempt(inputs);
    if (result.ok) {
      for (const [id, outcome] of result.outcomes) outcomes.set(id, outcome);
      return;
    }
    if (!result.rejection.missing) onRejected();
    await isolate(inputs, result.rejection);
  };

  await sendOrIsolate(batch);
  return outcomes;
}
