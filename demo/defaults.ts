/** The demo generator's defaults, apart from its schema so the CLI can show them without loading zod. */
export const DEFAULT_OUT_DIR = 'var/demo';
export const DEFAULT_BAD_ROWS_RATE = 0.002;
export const MAX_CONTACTS = 5_000_000;
