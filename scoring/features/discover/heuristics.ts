/**
 * Name and value patterns discovery looks for. Patterns only raise a flag: identifiers are dropped
 * on the share of values that match, outcome-like names only lower the bar a measured leakage
 * test must clear (see leakage.ts).
 */

/** Names of identifiers: `id`, `crm_id`, `externalId`, `uuid`, `account_number`, `ref`... */
const IDENTIFIER_NAME =
  /(^|[_\s.-])(id|uuid|guid|key|ref|number|no|code|hash|token)$|[a-z]Id$|^(id|uuid|guid)[_A-Z]/;

export function looksLikeIdentifierName(name: string): boolean {
  return IDENTIFIER_NAME.test(name);
}

/** Names that describe an outcome: won, closed, churn, cancel... (suspicion, not proof). */
const OUTCOME_NAME =
  /won|closed|clos(e|ing)_?date|churn|cancel|lost|convert|conversion|customer_?since|became|renew|terminat|refund|outcome|stage|status|signed|paid/i;

export function looksLikeOutcomeName(name: string): boolean {
  return OUTCOME_NAME.test(name);
}

/**
 * What a value may look like instead of a feature. `condition` is SQL over the text `v` (RE2
 * regular expressions, quoted by `literal`); `phoneName` is SQL saying the name reads as a phone.
 * `always`: an identifier whatever the number of distinct values (personal data).
 */
export interface ValuePattern {
  readonly kind: 'email' | 'url' | 'phone' | 'uuid' | 'prefixed';
  readonly words: string;
  readonly always: boolean;
  condition(v: string, literal: (text: string) => string, phoneName: string): string;
}

const matches = (v: string, literal: (text: string) => string, regex: string) =>
  `regexp_matches(${v}, ${literal(regex)})`;

export const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    kind: 'email',
    words: 'e-mail addresses',
    always: true,
    condition: (v, literal) => matches(v, literal, '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$'),
  },
  {
    kind: 'url',
    words: 'URLs',
    always: false,
    condition: (v, literal) => matches(v, literal, '^(https?://|www\\.)\\S+$'),
  },
  {
    // At least 7 digits with separators or a leading +, and not a date; digits alone only when
    // the name says phone (otherwise 5551234567 is just a number).
    kind: 'phone',
    words: 'phone numbers',
    always: true,
    condition: (v, literal, phoneName) =>
      `(${matches(v, literal, '^\\+?[0-9(][0-9 ().-]{5,}[0-9]$')}
        AND length(regexp_replace(${v}, '[^0-9]', '', 'g')) >= 7
        AND NOT ${matches(v, literal, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')}
        AND (${phoneName} OR ${matches(v, literal, '[+ ()-]')}))`,
  },
  {
    kind: 'uuid',
    words: 'generated ids (UUIDs or hex keys)',
    always: false,
    condition: (v, literal) =>
      matches(
        v,
        literal,
        '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})$',
      ),
  },
  {
    kind: 'prefixed',
    words: 'record ids (a short prefix and a long code, like cus_8f2k1x9q)',
    always: false,
    condition: (v, literal) =>
      `(${matches(v, literal, '^[A-Za-z]{2,6}[_-][A-Za-z0-9]{6,}$')} AND ${matches(v, literal, '[0-9]')})`,
  },
];

/** Names of phone fields, as a regular expression for SQL. */
export const PHONE_NAME_REGEX = '(?i)(phone|mobile|fax|tel)';
