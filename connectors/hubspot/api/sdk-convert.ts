import type { BatchError, HubObject } from './types.ts';

interface SdkObject {
  id: string;
  properties?: Record<string, string | null>;
  createdAt?: Date | string;
  updatedAt?: Date | string;
  archived?: boolean;
  archivedAt?: Date | string;
  associations?: Record<string, { results?: { id: string }[]; paging?: { next?: { after?: string } } }>;
  objectWriteTraceId?: string;
}

const iso = (value: Date | string | undefined): string =>
  value instanceof Date
    ? value.toISOString()
    : value
      ? new Date(value).toISOString()
      : new Date(0).toISOString();

/** The SDK's SimplePublicObject(WithAssociations) as plain data. */
export function toHubObject(raw: unknown): HubObject {
  const object = raw as SdkObject;
  const associations: Record<string, string[]> = {};
  const paged: string[] = [];
  for (const [type, collection] of Object.entries(object.associations ?? {})) {
    associations[type] = [...new Set((collection.results ?? []).map((entry) => String(entry.id)))];
    if (collection.paging?.next?.after) paged.push(type);
  }
  return {
    id: String(object.id),
    properties: object.properties ?? {},
    createdAt: iso(object.createdAt),
    updatedAt: iso(object.updatedAt),
    archived: object.archived === true,
    archivedAt: object.archivedAt ? iso(object.archivedAt) : null,
    associations,
    ...(paged.length > 0 ? { associationsPaged: paged } : {}),
    ...(object.objectWriteTraceId ? { traceId: object.objectWriteTraceId } : {}),
  };
}

export function toBatchErrors(raw: unknown): BatchError[] {
  const errors = (raw as { errors?: unknown[] } | undefined)?.errors ?? [];
  return errors.map((entry) => {
    const error = entry as {
      status?: string;
      category?: string;
      message?: string;
      context?: Record<string, string[]>;
    };
    return {
      status: error.status ?? 'error',
      category: error.category ?? 'UNKNOWN',
      message: error.message ?? 'unknown error',
      context: error.context ?? {},
    };
  });
}
