import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseConfigText } from '../../../core/config/validate.ts';
import type { EntityType } from '../../../core/schema/index.ts';
import {
  type EventVocabulary,
  eventVocabularySchema,
  type FeatureDefinitionInput,
  featureMapSchema,
} from './schema.ts';

/** The built-in catalog ships as YAML next to the code, in the same words users write. */
export const CATALOG_DIR = path.join(import.meta.dirname, '..', 'catalog');

const featureFile = z.strictObject({ features: featureMapSchema });

let vocabulary: EventVocabulary | undefined;
const definitions = new Map<EntityType, Readonly<Record<string, FeatureDefinitionInput>>>();

function read(name: string): { text: string; file: string } {
  const file = path.join(CATALOG_DIR, name);
  return { text: readFileSync(file, 'utf8'), file };
}

/** Event groups and property fallbacks the built-in features read (catalog/events.yaml). */
export function builtinVocabulary(): EventVocabulary {
  if (!vocabulary) {
    const { text, file } = read('events.yaml');
    vocabulary = parseConfigText(text, file, eventVocabularySchema, { env: {} });
  }
  return vocabulary;
}

/** The built-in features of an entity type (catalog/contact.yaml, catalog/account.yaml), in file order. */
export function builtinDefinitions(entityType: EntityType): Readonly<Record<string, FeatureDefinitionInput>> {
  let found = definitions.get(entityType);
  if (!found) {
    const { text, file } = read(`${entityType}.yaml`);
    found = parseConfigText(text, file, featureFile, { env: {} }).features;
    definitions.set(entityType, found);
  }
  return found;
}
