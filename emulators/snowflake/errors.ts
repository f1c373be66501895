/** An error as Snowflake reports it: a 6-digit code, an SQLSTATE and its message text. */
export class SnowflakeError extends Error {
  readonly code: string;
  readonly sqlState: string;

  constructor(code: string, sqlState: string, message: string) {
    super(message);
    this.code = code;
    this.sqlState = sqlState;
  }
}

export const compilationError = (detail: string): SnowflakeError =>
  new SnowflakeError('001003', '42000', `SQL compilation error:\n${detail}`);

export const objectMissing = (name: string): SnowflakeError =>
  new SnowflakeError(
    '002003',
    '42S02',
    `SQL compilation error:\nObject '${name}' does not exist or not authorized.`,
  );

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/**
 * DuckDB's error text mapped onto the Snowflake error a client would get for the same mistake,
 * keeping DuckDB's detail so a test failure still says what was wrong.
 */
export function fromEngineError(error: unknown): SnowflakeError {
  if (error instanceof SnowflakeError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const missingTable =
    /Table with name (\S+) does not exist/.exec(text) ?? /Catalog "?([^"\s]+)"? does not exist/.exec(text);
  if (missingTable) return objectMissing(missingTable[1]!.toUpperCase());
  const missingColumn = /Referenced column "?([^"\s]+)"? not found/.exec(text);
  if (missingColumn) {
    return new SnowflakeError(
      '000904',
      '42000',
      `SQL compilation error: error line 1 at position 0\ninvalid identifier '${missingColumn[1]!.toUpperCase()}'`,
    );
  }
  if (text.startsWith('Parser Error')) {
    return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error: ${firstLine(text)}`);
  }
  if (text.startsWith('Conversion Error')) {
    return new SnowflakeError('100038', '22018', `Numeric value is not recognized: ${firstLine(text)}`);
  }
  if (text.startsWith('Constraint Error')) return new SnowflakeError('100072', '22000', firstLine(text));
  if (text.startsWith('Catalog Error') && /already exists/.test(text)) {
    return new SnowflakeError('002002', '42710', `SQL compilation error:\n${firstLine(text)}`);
  }
  return new SnowflakeError('100090', '42P18', firstLine(text));
}
