/**
 * A deliberately small JSON Schema (draft-07 subset) checker: enough to prove that the published
 * schema accepts real config files and rejects obvious mistakes, without a validator dependency.
 */
type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const allowed = Array.isArray(expected) ? expected : [expected];
  return allowed.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/** Problems of `value` against the whole schema `root`; empty when it conforms. */
export function checkJsonSchema(root: Schema, value: unknown): string[] {
  return checkAgainst(root, root, value);
}

function checkAgainst(root: Schema, start: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Schema)[key], root);
    return resolve(target as Schema);
  };
  const visit = (raw: Schema | boolean, data: unknown, at: string): void => {
    if (raw === true) return;
    if (raw === false) return void errors.push(`${at}: not allowed`);
    const schema = resolve(raw);
    if (schema.type !== undefined && !typeMatches(schema.type, data))
      return void errors.push(`${at}: expected ${schema.type}`);
    if ('const' in schema && schema.const !== data)
      errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(data)) errors.push(`${at}: not in enum`);
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => conforms(root, s as Schema, data))) {
      errors.push(`${at}: matches no anyOf branch`);
    }
    if (
      Array.isArray(schema.oneOf) &&
      schema.oneOf.filter((s) => conforms(root, s as Schema, data)).length !== 1
    ) {
      errors.push(`${at}: must match exactly one oneOf branch`);
    }
    for (const sub of (schema.allOf as Schema[] | undefined) ?? []) visit(sub, data, at);
    if (
      typeof data === 'string' &&
      typeof schema.pattern === 'string' &&
      !new RegExp(schema.pattern).test(data)
    ) {
      errors.push(`${at}: does not match ${schema.pattern}`);
    }
    if (typeof data === 'number') {
      if (typeof schema.minimum === 'number' && data < schema.minimum) errors.push(`${at}: below minimum`);
      if (typeof schema.maximum === 'number' && data > schema.maximum) errors.push(`${at}: above maximum`);
      if (typeof schema.exclusiveMinimum === 'number' && data <= schema.exclusiveMinimum)
        errors.push(`${at}: too small`);
    }
    if (Array.isArray(data)) {
      if (typeof schema.minItems === 'number' && data.length < schema.minItems)
        errors.push(`${at}: too few items`);
      if (typeof schema.maxItems === 'number' && data.length > schema.maxItems)
        errors.push(`${at}: too many items`);
      data.forEach((item, i) => {
        const items = schema.items;
        const itemSchema = Array.isArray(items)
          ? (items[i] ?? schema.additionalItems ?? true)
          : (items ?? true);
        visit(itemSchema as Schema | boolean, item, `${at}[${i}]`);
      });
    }
    if (typeOf(data) === 'object') {
      const record = data as Record<string, unknown>;
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const key of (schema.required as string[] | undefined) ?? []) {
        if (!(key in record)) errors.push(`${at}.${key}: required`);
      }
      for (const [key, item] of Object.entries(record)) {
        if (schema.propertyNames) visit(schema.propertyNames as Schema, key, `${at}{${key}}`);
        const sub = properties[key] ?? (schema.additionalProperties as Schema | boolean | undefined) ?? true;
        visit(sub, item, `${at}.${key}`);
      }
    }
  };
  visit(start, value, '$');
  return errors;
}

function conforms(root: Schema, schema: Schema, value: unknown): boolean {
  return checkAgainst(root, schema, value).length === 0;
}
