import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { fromEngineError, objectMissing, SnowflakeError } from '../errors.ts';
import { quoteIdentifier, splitStatements } from '../sql/tokens.ts';
import { type Translation, translate } from '../sql/translate.ts';
import { type Bindings, type DecodedBinds, decodeBindings, isDecodedBinds, stagedBinds } from './binds.ts';
import type { SnowflakeEngine } from './engine.ts';
import { columnCodec, type RowTypeColumn } from './rowtype.ts';
import { insertArrayBinds } from './set-insert.ts';

/** statementTypeId values snowflake-sdk reads (result/statement_type.js). */
const STATEMENT_TYPE = {
  select: 0x1000,
  insert: 0x3100,
  update: 0x3200,
  delete: 0x3300,
  merge: 0x3400,
  ddl: 0x6000,
};

export interface StatementResult {
  readonly rowtype: RowTypeColumn[];
  readonly rowset: (string | null)[][];
  readonly statementTypeId: number;
}

const countColumn = (name: string): RowTypeColumn => ({
  ...columnCodec(name, 5, 'BIGINT', undefined).column,
  nullable: false,
});

function countsResult(kind: keyof typeof STATEMENT_TYPE, counts: Array<[string, number]>): StatementResult {
  return {
    rowtype: counts.map(([name]) => countColumn(name)),
    rowset: [counts.map(([, count]) => String(count))],
    statementTypeId: STATEMENT_TYPE[kind],
  };
}

export function statusResult(message: string): StatementResult {
  return {
    rowtype: [{ ...columnCodec('status', 17, 'VARCHAR', undefined).column }],
    rowset: [[message]],
    statementTypeId: STATEMENT_TYPE.ddl,
  };
}

/** One Snowflake session: current database/schema and a private DuckDB connection. */
export class EngineSession {
  readonly #engine: SnowflakeEngine;
  readonly #connection: DuckDBConnection;
  database: string;
  schema: string;
  warehouse = '';
  role = 'SYSADMIN';

  constructor(engine: SnowflakeEngine, connection: DuckDBConnection, database: string, schema: string) {
    this.#engine = engine;
    this.#connection = connection;
    this.database = database;
    this.schema = schema;
  }

  async useCurrent(): Promise<void> {
    await this.#connection.run(`USE ${quoteIdentifier(this.database)}.${quoteIdentifier(this.schema)}`);
  }

  /**
   * Runs a request's SQL. Like Snowflake with MULTI_STATEMENT_COUNT=1 (the default), more than one
   * statement is refused unless the request allows it; then the last statement's result is returned.
   */
  execute(
    sqlText: string,
    bindings: Bindings | DecodedBinds | undefined,
    statementCount: number | undefined,
  ): Promise<StatementResult> {
    return this.#engine.serialize(async () => {
      const statements = splitStatements(sqlText);
      const allowed = statementCount ?? 1;
      if (allowed !== 0 && statements.length !== allowed) {
        throw new SnowflakeError(
          '000008',
          '0A000',
          `Actual statement count ${statements.length} did not match the desired statement count ${allowed}.`,
        );
      }
      let result: StatementResult = statusResult('Statement executed successfully.');
      for (const statement of statements) result = await this.#executeOne(statement, bindings);
      return result;
    });
  }

  async #executeOne(
    statement: string,
    bindings: Bindings | DecodedBinds | undefined,
  ): Promise<StatementResult> {
    const translation = translate(statement, { database: this.database, schema: this.schema });
    // Rows bound from a stage come decoded already (all text); inline bindings are typed JSON.
    const binds = isDecodedBinds(bindings)
      ? stagedBinds(bindings.rows as (string | null)[][], translation.paramCount)
      : decodeBindings(bindings, translation.paramCount);
    try {
      return await this.#run(translation, binds);
    } catch (error) {
      throw fromEngineError(error);
    }
  }

  async #run(t: Translation, binds: DecodedBinds): Promise<StatementResult> {
    const values = (binds.rows[0] ?? []).slice(0, t.paramCount) as DuckDBValue[];
    switch (t.kind) {
      case 'select': {
        const reader = await this.#connection.runAndReadAll(t.sql, values);
        if (t.describedTable && reader.currentRowCount === 0) throw objectMissing(t.describedTable);
        return this.#readResult(reader, t);
      }
      case 'insert': {
        if (binds.isArray && t.insertValues) {
          const inserted = await insertArrayBinds(this.#connection, t.insertValues, binds);
          return countsResult('insert', [['number of rows inserted', inserted]]);
        }
        return countsResult('insert', [['number of rows inserted', await this.#changedRows(t, binds)]]);
      }
      case 'update': {
        const updated = await this.#changedRows(t, binds);
        return countsResult('update', [
          ['number of rows updated', updated],
          ['number of multi-joined rows updated', 0],
        ]);
      }
      case 'delete':
        return countsResult('delete', [['number of rows deleted', await this.#changedRows(t, binds)]]);
      case 'merge':
        return this.#merge(t, binds);
      case 'use':
        return this.#use(t);
      case 'ddl':
        return this.#ddl(t, values);
      case 'noop':
        return statusResult('Statement executed successfully.');
    }
  }

  async #changedRows(t: Translation, binds: DecodedBinds): Promise<number> {
    if (!binds.isArray)
      return Number((await this.#connection.run(t.sql, binds.rows[0] as DuckDBValue[])).rowsChanged);
    // Array binds on statements other than INSERT … VALUES: executed once per bound row, as Snowflake does.
    const prepared = await this.#connection.prepare(t.sql);
    let changed = 0;
    for (const row of binds.rows) {
      prepared.bind(row as DuckDBValue[]);
      changed += Number((await prepared.run()).rowsChanged);
    }
    return changed;
  }

  async #merge(t: Translation, binds: DecodedBinds): Promise<StatementResult> {
    const counts = { INSERT: 0, UPDATE: 0, DELETE: 0 };
    for (const row of binds.rows) {
      const reader = await this.#connection.runAndReadAll(
        `${t.sql} RETURNING merge_action`,
        row.slice(0, t.paramCount) as DuckDBValue[],
      );
      for (const [action] of reader.getRows()) counts[String(action) as keyof typeof counts]++;
    }
    const columns: Array<[string, number]> = [
      ['number of rows inserted', counts.INSERT],
      ['number of rows updated', counts.UPDATE],
    ];
    if (t.mergeDeletes) columns.push(['number of rows deleted', counts.DELETE]);
    return countsResult('merge', columns);
  }

  async #use(t: Translation): Promise<StatementResult> {
    const use = t.use!;
    const name = use.name;
    if (use.objectType === 'DATABASE') {
      if (!this.#engine.hasDatabase(name.at(-1)!)) throw objectMissing(name.at(-1)!);
      this.database = name.at(-1)!;
      this.schema = 'PUBLIC';
    } else if (use.objectType === 'SCHEMA') {
      const database = name.length > 1 ? name.at(-2)! : this.database;
      if (!this.#engine.hasDatabase(database)) throw objectMissing(database);
      const previous = [this.database, this.schema] as const;
      [this.database, this.schema] = [database, name.at(-1)!];
      try {
        await this.useCurrent();
      } catch {
        [this.database, this.schema] = previous;
        throw objectMissing(name.join('.'));
      }
    } else if (use.objectType === 'WAREHOUSE') this.warehouse = name.at(-1) ?? '';
    else this.role = name.at(-1) ?? this.role;
    await this.useCurrent();
    return statusResult('Statement executed successfully.');
  }

  async #ddl(t: Translation, values: DuckDBValue[]): Promise<StatementResult> {
    if (t.createDatabase) {
      const { name, ifNotExists } = t.createDatabase;
      if (this.#engine.hasDatabase(name) && !ifNotExists) {
        throw new SnowflakeError(
          '002002',
          '42710',
          `SQL compilation error:\nObject '${name}' already exists.`,
        );
      }
      const created = await this.#engine.ensureDatabase(name);
      return statusResult(
        created ? `Database ${name} successfully created.` : `${name} already exists, statement succeeded.`,
      );
    }
    await this.#connection.run(t.sql, values);
    if (!t.created) return statusResult('Statement executed successfully.');
    const label = t.created.objectType.charAt(0) + t.created.objectType.slice(1).toLowerCase();
    return statusResult(`${label} ${t.created.name} successfully created.`);
  }

  #readResult(reader: DuckDBResultReader, t: Translation): StatementResult {
    const codecs = reader.columnNames().map((name, index) => {
      const type = reader.columnType(index);
      const shown = t.quotedNames.has(name) ? name : name.toUpperCase();
      return columnCodec(shown, type.typeId, type.toString(), reader.columnLogicalType(index).alias);
    });
    const rowset = reader.getRows().map((row) => row.map((value, index) => codecs[index]!.encode(value)));
    return { rowtype: codecs.map((codec) => codec.column), rowset, statementTypeId: STATEMENT_TYPE.select };
  }

  close(): void {
    this.#connection.closeSync();
  }
}
