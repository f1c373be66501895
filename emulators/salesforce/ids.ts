/**
 * Salesforce record ids: a 3-character key prefix naming the object, 12 characters that make the
 * record unique, and the 3-character "case-safe" suffix that turns the 15-character id into the
 * 18-character one the REST API returns. The unique part uses digits and upper-case letters only
 * and is fixed-width, so string order equals creation order (SOQL `Id > '...'` and `ORDER BY Id`
 * then behave the same here as on a real org).
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = '8D0';
const COUNTER_WIDTH = 9;

/** Salesforce's documented checksum: one character per 5-character chunk, flagging its upper-case letters. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let position = 0; position < 5; position++) {
      const char = id15.charCodeAt(chunk * 5 + position);
      if (char >= 65 && char <= 90) flags |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET[flags];
  }
  return suffix;
}

export function toId18(id: string): string {
  if (id.length === 18) return id;
  if (id.length !== 15) throw new Error(`not a Salesforce id: ${id}`);
  return id + caseSafeSuffix(id);
}

/** Ids compare on their first 15 characters: SOQL accepts either form in literals. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

export const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** Hands out ids per key prefix, in creation order. */
export class IdFactory {
  readonly #counters = new Map<string, number>();

  next(prefix: string): string {
    const count = (this.#counters.get(prefix) ?? 0) + 1;
    this.#counters.set(prefix, count);
    const body = `${prefix}${POD}${count.toString(36).toUpperCase().padStart(COUNTER_WIDTH, '0')}`;
    return body + caseSafeSuffix(body);
  }
}
