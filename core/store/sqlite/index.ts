export type { Migration } from './migrations.ts';
export { type OpenSqliteStoreOptions, openSqliteStore } from './open.ts';
export { SqliteCanonicalStore, type SqliteStoreOptions } from './sqlite-store.ts';
