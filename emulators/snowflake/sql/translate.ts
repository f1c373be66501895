import { SnowflakeError } from '../errors.ts';
import { describeTableQuery, rewriteInformationSchema } from './catalog.ts';
import { readQualifiedName, rewriteCreate } from './ddl.ts';
import { rewriteSnowflakeFunctions } from './functions.ts';
import {
  rewriteFunctions,
  rewriteIdentifierCalls,
  rewriteParams,
  rewriteTypes,
  rewriteVariantCasts,
  rewriteVariantPaths,
  stripQualifiedSetTargets,
} from './rewrites.ts';
import { identifierName, isWord, joinTokens, nextSignificant, type Token, tokenize } from './tokens.ts';

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'merge' | 'ddl' | 'use' | 'noop';

export interface Translation {
  readonly kind: StatementKind;
  /** DuckDB SQL with `$N` parameters. */
  readonly sql: string;
  readonly paramCount: number;
  /** Names written in double quotes: the only result columns Snowflake does not upper-case. */
  readonly quotedNames: ReadonlySet<string>;
  readonly describedTable?: string;
  readonly use?: { readonly objectType: string; readonly name: readonly string[] };
  readonly createDatabase?: { readonly name: string; readonly ifNotExists: boolean };
  readonly created?: { readonly objectType: string; readonly name: string };
  /** For `INSERT … VALUES (one tuple)`: the statement head and the tuple, for set-based array binds. */
  readonly insertValues?: { readonly head: string; readonly tuple: string };
  readonly mergeDeletes?: boolean;
}

export interface SessionNames {
  readonly database: string;
  readonly schema: string;
}

const KIND_BY_FIRST_WORD: Record<string, StatementKind> = {
  SELECT: 'select',
  WITH: 'select',
  SHOW: 'select',
  VALUES: 'select',
  DESCRIBE: 'select',
  DESC: 'select',
  INSERT: 'insert',
  UPDATE: 'update',
  DELETE: 'delete',
  MERGE: 'merge',
  CREATE: 'ddl',
  DROP: 'ddl',
  ALTER: 'ddl',
  TRUNCATE: 'ddl',
  USE: 'use',
  BEGIN: 'noop',
  COMMIT: 'noop',
  ROLLBACK: 'noop',
};

export function translate(statement: string, session: SessionNames): Translation {
  const original = tokenize(statement);
  const quotedNames = new Set(original.filter((t) => t.kind === 'quoted').map(identifierName));
  let tokens = rewriteIdentifierCalls(original);
  const firstAt = nextSignificant(tokens, 0);
  const first = tokens[firstAt]?.text.toUpperCase() ?? '';
  const kind = KIND_BY_FIRST_WORD[first];
  // Stages and PUT/COPY need cloud storage: say so rather than half-work.
  const createsStage =
    first === 'CREATE' && tokens.slice(firstAt, firstAt + 10).some((t) => isWord(t, 'STAGE'));
  if (!kind || createsStage) {
    throw new SnowflakeError(
      '001003',
      '42000',
      `SQL compilation error:\nthe Snowflake emulator does not support '${first}' statements${
        createsStage || first === 'PUT'
          ? ' (stages need cloud storage; keep array binds under the stage threshold)'
          : ''
      }`,
    );
  }
  if (kind === 'use') return translateUse(tokens, firstAt, quotedNames);
  if (
    kind === 'noop' ||
    (first === 'ALTER' && isWord(tokens[nextSignificant(tokens, firstAt + 1)], 'SESSION'))
  ) {
    return { kind: 'noop', sql: '', paramCount: 0, quotedNames };
  }
  const describe = describeTableQuery(tokens, session.database, session.schema);
  if (describe) {
    const describeColumns = new Set(['name', 'type', 'kind', 'null?', 'default']);
    return {
      kind: 'select',
      sql: describe.sql,
      paramCount: 0,
      quotedNames: describeColumns,
      describedTable: describe.table,
    };
  }
  let columnTypePositions: number[] = [];
  let created: Translation['created'];
  if (first === 'CREATE') {
    const rewrite = rewriteCreate(tokens);
    if (rewrite?.objectType === 'DATABASE') {
      const ifNotExists = tokens.some((t) => isWord(t, 'EXISTS'));
      return {
        kind: 'ddl',
        sql: '',
        paramCount: 0,
        quotedNames,
        createDatabase: { name: rewrite.name.at(-1)!, ifNotExists },
      };
    }
    if (rewrite) {
      tokens = rewrite.tokens;
      columnTypePositions = rewrite.columnTypePositions;
      created = { objectType: rewrite.objectType, name: rewrite.name.at(-1) ?? '' };
    }
  }
  tokens = rewriteTypes(tokens, columnTypePositions);
  tokens = rewriteVariantPaths(tokens);
  tokens = rewriteSnowflakeFunctions(tokens);
  tokens = rewriteVariantCasts(tokens);
  tokens = rewriteFunctions(tokens);
  tokens = rewriteInformationSchema(tokens, session.database);
  if (kind === 'merge') tokens = stripQualifiedSetTargets(tokens);
  const params = rewriteParams(tokens);
  const sql = joinTokens(params.tokens);
  const translation: Translation = {
    kind,
    sql,
    paramCount: params.count,
    quotedNames,
    ...(created ? { created } : {}),
    ...(kind === 'merge' ? { mergeDeletes: params.tokens.some((t) => isWord(t, 'DELETE')) } : {}),
  };
  if (kind !== 'insert') return translation;
  const insertValues = splitInsertValues(params.tokens);
  return insertValues ? { ...translation, insertValues } : translation;
}

function translateUse(tokens: Token[], firstAt: number, quotedNames: Set<string>): Translation {
  let at = nextSignificant(tokens, firstAt + 1);
  let objectType = 'SCHEMA';
  if (isWord(tokens[at], 'DATABASE', 'SCHEMA', 'WAREHOUSE', 'ROLE')) {
    objectType = tokens[at]!.text.toUpperCase();
    at = nextSignificant(tokens, at + 1);
  }
  const name = readQualifiedName(tokens, at).parts.map(identifierName);
  return { kind: 'use', sql: '', paramCount: 0, quotedNames, use: { objectType, name } };
}

/** `INSERT INTO t (cols) VALUES (exprs)` with exactly one tuple: returns the head and the tuple's inside. */
function splitInsertValues(tokens: Token[]): Translation['insertValues'] {
  const valuesAt = tokens.findIndex((t) => isWord(t, 'VALUES'));
  if (valuesAt < 0) return undefined;
  const open = nextSignificant(tokens, valuesAt + 1);
  if (tokens[open]?.text !== '(') return undefined;
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    if (tokens[index]!.text === '(') depth++;
    if (tokens[index]!.text === ')') depth--;
    if (depth === 0) {
      if (nextSignificant(tokens, index + 1) >= 0) return undefined;
      return {
        head: joinTokens(tokens.slice(0, valuesAt)),
        tuple: joinTokens(tokens.slice(open + 1, index)),
      };
    }
  }
  return undefined;
}
