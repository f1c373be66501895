/** A CRM record as the connector works with it (the SDK's model classes, flattened to plain data). */
export interface HubObject {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archived: boolean;
  readonly archivedAt: string | null;
  /** Associated record ids per object type ("companies" -> ["123"]), when asked for. */
  readonly associations: Readonly<Record<string, readonly string[]>>;
  /** Object types whose `associations` block is one page of several (HubSpot sent `paging.next`). */
  readonly associationsPaged?: readonly string[];
  /** The `objectWriteTraceId` a batch create echoes back, matching results to inputs. */
  readonly traceId?: string;
}

/** One record of a v4 association batch read: its id, and the `after` of its next page if continuing. */
export interface AssociationPageInput {
  readonly id: string;
  readonly after?: string;
}

export interface AssociationPageResult {
  readonly id: string;
  readonly toIds: readonly string[];
  /** Where this record's next page starts; null on its last page. */
  readonly after: string | null;
}

/** One failed input of a batch call (HubSpot's StandardError). */
export interface BatchError {
  readonly status: string;
  readonly category: string;
  readonly message: string;
  readonly context: Readonly<Record<string, readonly string[]>>;
}

export interface BatchOutcome {
  readonly results: readonly HubObject[];
  readonly errors: readonly BatchError[];
}

export interface SearchFilter {
  readonly propertyName: string;
  readonly operator:
    | 'EQ'
    | 'NEQ'
    | 'LT'
    | 'LTE'
    | 'GT'
    | 'GTE'
    | 'IN'
    | 'NOT_IN'
    | 'HAS_PROPERTY'
    | 'NOT_HAS_PROPERTY'
    | 'BETWEEN';
  readonly value?: string;
  readonly values?: readonly string[];
  readonly highValue?: string;
}

export interface SearchRequest {
  readonly filterGroups: readonly { readonly filters: readonly SearchFilter[] }[];
  readonly sorts: readonly {
    readonly propertyName: string;
    readonly direction: 'ASCENDING' | 'DESCENDING';
  }[];
  readonly properties: readonly string[];
  readonly limit: number;
  readonly after?: string;
}

export interface PropertyDefinitionInput {
  readonly name: string;
  readonly label: string;
  readonly type: 'number' | 'string' | 'datetime' | 'enumeration' | 'bool';
  readonly fieldType: 'number' | 'text' | 'textarea' | 'date' | 'select' | 'booleancheckbox';
  readonly groupName: string;
  readonly description: string;
  /** HubSpot then refuses a second record with the same value, and reads by it (`idProperty`). */
  readonly hasUniqueValue?: boolean;
  readonly options?: readonly {
    readonly label: string;
    readonly value: string;
    readonly displayOrder: number;
    readonly hidden: boolean;
  }[];
}

/** What a property accepts, from its definition (GET /crm/v3/properties/{objectType}). */
export interface PropertyRule {
  readonly name: string;
  /** HubSpot property type: string, number, bool, date, datetime, enumeration, phone_number, ... */
  readonly type: string;
  /** Option values of an enumeration (hidden ones included: they are still valid values). */
  readonly options: readonly string[];
  /** Options live outside the definition (pipeline stages, owners): only HubSpot can check them. */
  readonly externalOptions: boolean;
  readonly readOnlyValue: boolean;
}

/** What one client has spent, for logs and benchmarks. */
export interface ApiMetrics {
  requests: number;
  rateLimited: number;
  transientFailures: number;
  /** Logical calls that were rate limited two or more times before succeeding or giving up. */
  rejectedTwice: number;
}
