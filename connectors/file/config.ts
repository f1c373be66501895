import { z } from 'zod';
import { eventTypeSchema, recordKinds } from '../../core/schema/index.ts';
import { canonicalFieldNames, closestName } from './fields.ts';
import { dateFormatProblem, isValidTimeZone } from './timestamps.ts';

const scalarValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Options that shape how cell text is read; set on the connector for every stream, or per stream. */
const readingOptions = {
  encoding: z
    .enum(['utf8', 'utf-8', 'latin1', 'windows-1252'])
    .optional()
    .describe('Text encoding of the file (default utf8; a UTF-8 byte order mark is skipped).'),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'unknown IANA time zone (e.g. "UTC", "Europe/Madrid")' })
    .optional()
    .describe('IANA zone for timestamps written without an offset, e.g. "2025-03-01 09:30" (default UTC).'),
  dateFormat: z
    .string()
    .superRefine((format, ctx) => {
      const problem = dateFormatProblem(format);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .describe(
      'How timestamps are written: "auto" (default: ISO 8601, date-only, epoch seconds or milliseconds), ' +
        '"epoch_s", "epoch_ms", or a pattern such as "DD/MM/YYYY HH:mm" (tokens YYYY MM DD HH mm ss SSS).',
    ),
  missing: z
    .array(z.string())
    .optional()
    .describe(
      'Cell values that mean "no value" (default: "", "NULL", "null", "N/A"). Blank cells always do.',
    ),
  booleanTrue: z
    .array(z.string())
    .optional()
    .describe('Tokens read as true, case-insensitive (default: true, yes, y, 1, t).'),
  booleanFalse: z
    .array(z.string())
    .optional()
    .describe('Tokens read as false, case-insensitive (default: false, no, n, 0, f).'),
  maxFieldBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional()
    .describe(
      'Largest cell accepted, in bytes (default 1048576 = 1 MiB). A row with a larger cell is quarantined, naming the column and line.',
    ),
};

export const fileStreamConfigSchema = z
  .strictObject({
    kind: z.enum(recordKinds).describe('Which canonical record each row becomes.'),
    path: z.string().min(1).describe('The file, relative to baseDir.'),
    format: z
      .enum(['csv', 'jsonl'])
      .optional()
      .describe('File format; inferred from the extension (.csv, .tsv, .jsonl, .ndjson) when omitted.'),
    delimiter: z
      .string()
      .length(1)
      .optional()
      .describe('CSV field separator (default "," or a tab for .tsv files).'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Source column holding the record id (default: a column named "id"). Events may have none: their ' +
          'id is then a hash of the row content, so re-importing the same file stays idempotent.',
      ),
    objectType: z
      .string()
      .min(1)
      .optional()
      .describe('Object type in the source refs of this stream (default: the stream name).'),
    accountObjectType: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Object type of account references (default: the objectType of this connector\'s account stream, else "accounts").',
      ),
    contactObjectType: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Object type of contact references (default: the objectType of this connector\'s contact stream, else "contacts").',
      ),
    columns: z
      .record(z.string(), z.string().min(1))
      .optional()
      .describe(
        'Canonical field -> source column, e.g. {email: "E-mail Address"}. Unlisted fields match a column of ' +
          'the same name, ignoring case and separators (firstName = first_name = "First Name").',
      ),
    defaults: z
      .record(z.string(), scalarValue)
      .optional()
      .describe('Canonical field -> constant used when the column is absent or the cell is empty.'),
    eventTypes: z
      .record(z.string(), eventTypeSchema)
      .optional()
      .describe(
        'Source event label -> the name to store, e.g. {"Logged in": "login"}. Other labels keep their own ' +
          'name; a well-known name written loosely ("Page View") becomes that name (page_view).',
      ),
    valueMaps: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe('Canonical field -> {source label: canonical value}, e.g. {status: {"Closed Won": "won"}}.'),
    properties: z
      .array(z.string().min(1))
      .optional()
      .describe('Extra source columns kept as properties; "*" keeps every column no field uses.'),
    ...readingOptions,
  })
  .superRefine((stream, ctx) => {
    const fieldNames = canonicalFieldNames(stream.kind);
    for (const key of ['columns', 'defaults', 'valueMaps'] as const) {
      for (const field of Object.keys(stream[key] ?? {})) {
        if (fieldNames.includes(field)) continue;
        const suggestion = closestName(field, fieldNames);
        ctx.addIssue({
          code: 'custom',
          path: [key, field],
          message:
            `"${field}" is not a ${stream.kind} field` +
            (suggestion ? ` (did you mean "${suggestion}"?)` : '') +
            `; ${stream.kind} fields: ${fieldNames.join(', ')}`,
        });
      }
    }
    if (stream.eventTypes && stream.kind !== 'event') {
      ctx.addIssue({
        code: 'custom',
        path: ['eventTypes'],
        message: 'eventTypes only applies to event streams',
      });
    }
  });

export const fileConnectorConfigSchema = z
  .strictObject({
    type: z.literal('file').describe('Imports contacts, accounts, events and deals from CSV or JSONL files.'),
    baseDir: z
      .string()
      .optional()
      .describe("Folder the stream paths are relative to, itself relative to the config file's folder."),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Records per committed batch (default 5000).'),
    streams: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'stream names use letters, digits, "_", "-" and "."'),
        fileStreamConfigSchema,
      )
      .refine((streams) => Object.keys(streams).length > 0, { message: 'declare at least one stream' })
      .describe('Stream name -> file to import.'),
    ...readingOptions,
  })
  .describe('CSV / JSONL file connector');

export type FileStreamConfig = z.infer<typeof fileStreamConfigSchema>;
export type FileConnectorConfig = z.infer<typeof fileConnectorConfigSchema>;
