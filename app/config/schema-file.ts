/** Where `scorebridge schema` writes the JSON Schema and where the YAML files' modeline points. */
export const SCHEMA_FILE = 'config/schema/scorebridge.schema.json';
/** The first line of every scorebridge YAML file, relative to the config folder. */
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=./schema/scorebridge.schema.json';
