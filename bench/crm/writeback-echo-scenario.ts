import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';

export interface SyncCount {
  /** Records the API returned. */
  readonly read: number;
  /** Requests the sync made. */
  readonly calls: number;
  /** Records the store took as new or changed. */
  readonly stored: number;
}

export interface EchoRun {
  readonly label: string;
  readonly written: number;
  readonly writeCalls: number;
  readonly quiet: SyncCount;
  readonly echo: SyncCount;
  /** The write-back after people edited some records: how many of their edits the store holds. */
  readonly edited: { readonly read: number | null; readonly stored: number; readonly people: number };
}

export const AS_OF = '2026-11-01T00:00:00.000Z';
export const PEOPLE_EDITS = 25;

/** One CRM as the echo scenario drives it: the same steps, each CRM's own calls. */
export interface EchoCrm {
  readonly label: string;
  readonly system: string;
  readonly objectType: string;
  /** The CRM's names of the lead score and its tier. */
  readonly scoreField: string;
  readonly tierField: string;
  readonly ids: readonly string[];
  readonly store: SqliteCanonicalStore;
  /** An incremental sync through the connector, counted. */
  sync(): Promise<SyncCount>;
  ensureScoreFields(): Promise<void>;
  /** Writes the intents (all must succeed) and returns the API calls it made. */
  write(intents: FieldWriteIntent[]): Promise<number>;
  /** A person edits the record's title in the CRM. */
  editTitle(id: string, title: string): void;
  /** Moves the shared virtual clock. */
  advance(ms: number): void;
}

/**
 * Full sync, a quiet incremental sync, a write-back of every contact, the sync after it (the echo);
 * then people edit some contacts, a write-back covers their edits, and the next sync must still
 * bring them in.
 */
export async function runEchoScenario(crm: EchoCrm): Promise<EchoRun> {
  const writeBack = (round: number) => {
    crm.advance(60_000);
    return crm.write(
      crm.ids.map((id, index) => {
        const value = (index * 37 + round * 11) % 100;
        return {
          idempotencyKey: `lead_score:${id}:${round}`,
          objectType: crm.objectType,
          recordId: id,
          fields: {
            [crm.scoreField]: value,
            [crm.tierField]: value > 70 ? 'high' : value > 40 ? 'medium' : 'low',
          },
        };
      }),
    );
  };
  await crm.sync();
  const quiet = await crm.sync();
  await crm.ensureScoreFields();
  const writeCalls = await writeBack(1);
  const echo = await crm.sync();
  crm.advance(60_000);
  const edited = crm.ids
    .filter((_, index) => index % Math.floor(crm.ids.length / PEOPLE_EDITS) === 0)
    .slice(0, PEOPLE_EDITS);
  for (const [index, id] of edited.entries()) crm.editTitle(id, `Edited ${index}`);
  await writeBack(2);
  const after = await crm.sync();
  const titles = storedTitles(crm.store, crm.system, crm.objectType, edited);
  return {
    label: crm.label,
    written: crm.ids.length,
    writeCalls,
    quiet,
    echo,
    edited: {
      read: after.read,
      stored: titles.filter((title, index) => title === `Edited ${index}`).length,
      people: edited.length,
    },
  };
}

/** Titles the store holds for some records of one system. */
function storedTitles(
  store: SqliteCanonicalStore,
  system: string,
  objectType: string,
  ids: readonly string[],
) {
  const read = store.database.prepare(
    "SELECT json_extract(payload, '$.title') AS title FROM source_records WHERE source_key = ?",
  );
  return ids.map(
    (id) => (read.get(`ref:${system}/${objectType}/${id}`) as { title: string | null } | undefined)?.title,
  );
}
