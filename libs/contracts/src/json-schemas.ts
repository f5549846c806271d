import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { IS_ISO8601 } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

export type Json = Record<string, unknown>;

/** Where the schemas sit in an AsyncAPI or OpenAPI document. */
export const SCHEMAS = '#/components/schemas/';

let all: Record<string, Json> | undefined;

/**
 * JSON Schemas of contract classes, generated from their class-validator rules: the named classes and
 * every class they refer to. class-validator's metadata is global, so the generator sees every decorated
 * class that is loaded; only what the roots reach is kept.
 */
export function contractSchemas(roots: readonly string[]): Record<string, Json> {
  // Every contract class is loaded with this library's index, so the metadata is complete by now.
  all ??= validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: SCHEMAS,
    // Every instant of the contracts is a date-time (the generator would also allow a date).
    additionalConverters: { [IS_ISO8601]: { type: 'string', format: 'date-time' } },
  }) as Record<string, Json>;
  const generated = all;
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !generated[name]) return;
    wanted.add(name);
    for (const [, ref] of JSON.stringify(generated[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      visit(ref!);
  };
  roots.forEach(visit);
  return Object.fromEntries([...wanted].sort().map((name) => [name, classSchema(generated[name]!)]));
}

/**
 * A class's schema as the classes validate: a property class-validator treats as optional may be absent
 * or null, and a property that refers to another class is only that reference.
 */
function classSchema(schema: Json): Json {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Json>).map(
    ([name, property]) => {
      const plain = referenceOnly(property);
      return [name, required.has(name) ? plain : orNull(plain)] as const;
    },
  );
  return { ...schema, properties: Object.fromEntries(properties) };
}

function referenceOnly(property: Json): Json {
  // A nullable property's TypeScript type is Object, which the generator turns into a $ref to nothing.
  const { $ref, type, ...rest } = property;
  if ($ref === `${SCHEMAS}Object`) return { type, ...rest };
  return $ref === undefined ? property : { $ref, ...rest };
}

/** The schema of an optional member: itself, or null. */
export function orNull(property: Json): Json {
  const { description, ...schema } = property;
  // A schema of any value takes null already.
  if (Object.keys(schema).length === 0) return property;
  return { ...(description === undefined ? {} : { description }), anyOf: [schema, { type: 'null' }] };
}
