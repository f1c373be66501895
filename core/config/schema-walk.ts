import type { z } from 'zod';
import type { ConfigPath } from './path.ts';
import { isSecretSchema } from './secret-ref.ts';

type Schema = z.core.$ZodType;

/** The parts of zod v4 definitions the walker reads; zod's own def types are a wide union. */
interface LooseDef {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly out?: Schema;
  readonly getter?: () => Schema;
  readonly shape?: Record<string, Schema>;
  readonly catchall?: Schema;
  readonly valueType?: Schema;
  readonly element?: Schema;
  readonly items?: readonly Schema[];
  readonly rest?: Schema | null;
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly left?: Schema;
  readonly right?: Schema;
}

function defOf(schema: Schema): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** A preprocess pipe starts with a bare transform; the shape to walk is then on its output side. */
function pipeSource(def: LooseDef): Schema | undefined {
  return def.in && defOf(def.in).type === 'transform' ? def.out : def.in;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/**
 * Every layer from the schema down to its core type (optional/default/pipe/lazy peeled off), so a
 * marker on any layer (secretRef() is a pipe) is seen whatever the config author wrapped it in.
 */
export function unwrapLayers(schema: Schema): Schema[] {
  const layers: Schema[] = [schema];
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type)
      ? def.innerType
      : def.type === 'pipe'
        ? pipeSource(def)
        : def.type === 'lazy'
          ? def.getter?.()
          : undefined;
    if (!next) break;
    layers.push(next);
    current = next;
  }
  return layers;
}

function core(schema: Schema): Schema {
  const layers = unwrapLayers(schema);
  return layers[layers.length - 1]!;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The union member a value is meant for: by discriminator when there is one, else the first that has the key. */
function chooseOption(def: LooseDef, value: unknown, segment: PropertyKey | undefined): Schema | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isPlainObject(value)) {
    const tag = value[def.discriminator];
    return options.find((option) => {
      const values = (core(option)._zod as { propValues?: Record<string, Set<unknown>> }).propValues;
      return values?.[def.discriminator!]?.has(tag as never) ?? false;
    });
  }
  if (segment === undefined) return undefined;
  return options.find((option) => childSchema(option, segment, value) !== undefined);
}

/** Schema of `value[segment]` given the schema of `value`; undefined when the schema has no such child. */
export function childSchema(schema: Schema, segment: PropertyKey, value: unknown): Schema | undefined {
  const base = core(schema);
  const def = defOf(base);
  switch (def.type) {
    case 'object': {
      const field = def.shape?.[String(segment)];
      if (field) return field;
      const catchall = def.catchall && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
      return catchall;
    }
    case 'record':
      return def.valueType;
    case 'array':
      return def.element;
    case 'tuple':
      return typeof segment === 'number' ? (def.items?.[segment] ?? def.rest ?? undefined) : undefined;
    case 'union': {
      const option = chooseOption(def, value, segment);
      return option ? childSchema(option, segment, value) : undefined;
    }
    case 'intersection':
      return (
        (def.left && childSchema(def.left, segment, value)) ??
        (def.right && childSchema(def.right, segment, value))
      );
    default:
      return undefined;
  }
}

function valueAt(data: unknown, segment: PropertyKey): unknown {
  if (Array.isArray(data) && typeof segment === 'number') return data[segment];
  if (isPlainObject(data)) return data[String(segment)];
  return undefined;
}

/** The schema that validates the value at `path` in `data`, following unions by the data itself. */
export function schemaAt(root: Schema, path: ConfigPath, data: unknown): Schema | undefined {
  let schema: Schema | undefined = root;
  let value = data;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = childSchema(schema, segment, value);
    value = valueAt(value, segment);
  }
  return schema;
}

/** Keys an object schema allows, for "did you mean" on unknown keys; undefined if it is not an object. */
export function allowedKeys(schema: Schema, value: unknown): string[] | undefined {
  const base = core(schema);
  const def = defOf(base);
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union') {
    const option = chooseOption(def, value, undefined);
    return option ? allowedKeys(option, value) : undefined;
  }
  return undefined;
}

/** True when the field at `path` is declared with secretRef(), in any union member it may belong to. */
export function isSecretField(root: Schema, path: ConfigPath, data: unknown): boolean {
  const schema = schemaAt(root, path, data);
  if (!schema) return false;
  return unwrapLayers(schema).some((layer) => {
    if (isSecretSchema(layer)) return true;
    const def = defOf(layer);
    return (
      def.type === 'union' && (def.options ?? []).some((option) => unwrapLayers(option).some(isSecretSchema))
    );
  });
}
