import type { DdlTableOptions } from './ddl.ts';
import { stripTableOptions } from './ddl.ts';
import { maskSql, splitStatements, unmask } from './lexer.ts';
import type { ParameterPlan } from './parameters.ts';
import { rewriteGoogleSql } from './rewrites.ts';

export type StatementType =
  | 'SELECT'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'MERGE'
  | 'CREATE_TABLE'
  | 'CREATE_TABLE_AS_SELECT'
  | 'CREATE_VIEW'
  | 'CREATE_SCHEMA'
  | 'DROP_TABLE'
  | 'DROP_VIEW'
  | 'ALTER_TABLE'
  | 'TRUNCATE_TABLE';

export interface TranslatedStatement {
  readonly type: StatementType;
  readonly sql: string;
  /** For CREATE TABLE: the partitioning and clustering the DDL asked for. */
  readonly table: DdlTableOptions | null;
  /** For DROP TABLE / DROP VIEW: the name as written. */
  readonly dropped: readonly string[] | null;
}

/** Translates one GoogleSQL request (one statement or a script) into DuckDB statements. */
export function translateQuery(sql: string, parameters: ParameterPlan): TranslatedStatement[] {
  const masked = maskSql(sql, parameters.parameterMarker);
  return splitStatements(masked.code).map((code) => {
    const type = statementType(code);
    const stripped = stripTableOptions(code, masked.pieces);
    const rewritten = rewriteGoogleSql(stripped.code);
    const dropped = /^\s*DROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?(\S+)/i.exec(rewritten);
    return {
      type,
      sql: unmask(rewritten, masked.pieces),
      table: stripped.options,
      dropped: dropped
        ? unmask(dropped[1]!, masked.pieces)
            .split('.')
            .map((part) => part.replace(/^"|"$/g, ''))
        : null,
    };
  });
}

function statementType(code: string): StatementType {
  const words = code.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(SELECT|WITH|\()/.test(words)) return 'SELECT';
  if (words.startsWith('INSERT')) return 'INSERT';
  if (words.startsWith('UPDATE')) return 'UPDATE';
  if (words.startsWith('DELETE')) return 'DELETE';
  if (words.startsWith('MERGE')) return 'MERGE';
  if (/^CREATE (OR REPLACE )?(TEMP |TEMPORARY )?TABLE/.test(words)) {
    return /\)\s*AS\s+(SELECT|WITH|\()|\bAS\s+SELECT\b/.test(words)
      ? 'CREATE_TABLE_AS_SELECT'
      : 'CREATE_TABLE';
  }
  if (/^CREATE (OR REPLACE )?VIEW/.test(words)) return 'CREATE_VIEW';
  if (/^CREATE SCHEMA/.test(words)) return 'CREATE_SCHEMA';
  if (words.startsWith('DROP TABLE')) return 'DROP_TABLE';
  if (words.startsWith('DROP VIEW')) return 'DROP_VIEW';
  if (words.startsWith('ALTER TABLE')) return 'ALTER_TABLE';
  if (words.startsWith('TRUNCATE')) return 'TRUNCATE_TABLE';
  return 'SELECT';
}
