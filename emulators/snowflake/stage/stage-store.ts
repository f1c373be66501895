import { randomBytes } from 'node:crypto';
import type { CsvFormat } from './csv-records.ts';

/** One internal stage: its files (decrypted, as uploaded) and the credentials its PUTs hand out. */
export interface Stage {
  readonly id: string;
  readonly name: string;
  /** Session token for a TEMPORARY stage (dropped with the session), null for a named stage. */
  readonly ownerToken: string | null;
  /** `DATABASE.SCHEMA` a named stage lives in. */
  readonly scope: string;
  /** Folder-scoped bearer token for uploads, as GCS stages hand out (stageInfo.creds.GCS_ACCESS_TOKEN). */
  readonly accessToken: string;
  /** AES key the driver wraps each file key with (encryptionMaterial.queryStageMasterKey). */
  readonly masterKey: Buffer;
  /** How the stage's files are read when a statement binds from it or copies from it. */
  readonly format: CsvFormat;
  /** Path inside the stage (e.g. `<uuid>/1`) -> file bytes. */
  readonly files: Map<string, Buffer>;
}

let stagesCreated = 0;

/** Every stage of one emulator, by owner and name, plus the id the storage URLs carry. */
export class StageStore {
  readonly #byId = new Map<string, Stage>();
  readonly #byKey = new Map<string, Stage>();

  /**
   * CREATE [OR REPLACE] [TEMPORARY] STAGE: replacing drops the old stage's files, as Snowflake does
   * (https://docs.snowflake.com/en/sql-reference/sql/create-stage).
   */
  create(name: string, ownerToken: string | null, scope: string, format: CsvFormat): Stage {
    const key = stageKey(name, ownerToken, scope);
    const previous = this.#byKey.get(key);
    if (previous) this.#byId.delete(previous.id);
    const stage: Stage = {
      id: `stage${++stagesCreated}`,
      name,
      ownerToken,
      scope,
      accessToken: randomBytes(24).toString('base64url'),
      masterKey: randomBytes(32),
      format,
      files: new Map(),
    };
    this.#byKey.set(key, stage);
    this.#byId.set(stage.id, stage);
    return stage;
  }

  /** A session's temporary stage of that name, else the named stage in the session's schema. */
  resolve(name: string, token: string, scope: string): Stage | undefined {
    return this.#byKey.get(stageKey(name, token, scope)) ?? this.#byKey.get(stageKey(name, null, scope));
  }

  byId(id: string): Stage | undefined {
    return this.#byId.get(id);
  }

  drop(stage: Stage): void {
    this.#byKey.delete(stageKey(stage.name, stage.ownerToken, stage.scope));
    this.#byId.delete(stage.id);
  }

  /** Temporary stages end with their session (CREATE STAGE, TEMPORARY). */
  dropSession(token: string): void {
    for (const stage of [...this.#byId.values()]) if (stage.ownerToken === token) this.drop(stage);
  }
}

function stageKey(name: string, ownerToken: string | null, scope: string): string {
  return ownerToken ? `session\u0000${ownerToken}\u0000${name}` : `schema\u0000${scope}\u0000${name}`;
}

/** Files under a stage path prefix (`uuid/` or empty for the whole stage), in upload-name order. */
export function filesUnder(stage: Stage, prefix: string): Array<[string, Buffer]> {
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return [...stage.files.entries()]
    .filter(([path]) => path === prefix || path.startsWith(folder))
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
}
