import { contractSchemas, type Json, orNull, Problem, PROBLEM_CONTENT_TYPE, SCHEMAS } from '@hoso/contracts';
import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiBody,
  ApiQuery,
  ApiResponse,
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';

// The admin API's OpenAPI document is made from the contract classes (libs/contracts/src/admin-api), the
// same ones its pipe validates with: the decorators below only say which class each route takes or gives.

type ContractClass = abstract new (...args: never[]) => object;
/** What a route answers: one object, or a page of them. */
export type Shape = ContractClass | { page: ContractClass };

const ref = (type: ContractClass): Json => ({ $ref: `${SCHEMAS}${type.name}` });

function schemaOf(shape: Shape): Json {
  if ('page' in shape)
    return {
      type: 'object',
      required: ['items', 'next'],
      properties: {
        items: { type: 'array', items: ref(shape.page) },
        next: orNull({
          type: 'string',
          description: 'the cursor of the following page (as `after`); null on the last',
        }),
      },
    };
  return ref(shape);
}

/** What a route answers when it succeeds. */
export const Answers = (status: number, shape: Shape, description: string) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: schemaOf(shape) } } });

/** What a route answers as a file. */
export const AnswersFile = (mediaTypes: string[], description: string) =>
  ApiResponse({
    status: 200,
    description,
    content: Object.fromEntries(
      mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  });

/** An error a route may answer, beyond those of every admin route. */
export const Fails = (status: number, description: string) =>
  ApiResponse({ status, description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ref(Problem) } } });

/** The query parameters of a route, one per member of its contract class. */
export function QueryFrom(type: ContractClass) {
  const schema = contractSchemas([type.name])[type.name]!;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return applyDecorators(
    ...Object.entries(schema.properties as Record<string, Json>).map(([name, property]) => {
      const { description, ...plain } = unwrapNull(property);
      return ApiQuery({
        name,
        required: required.has(name),
        description: description as string,
        schema: plain,
      });
    }),
  );
}

/** The JSON body of a route. */
export const BodyOf = (type: ContractClass) => ApiBody({ required: true, schema: ref(type) });

/** A query member may be left out, not be null: its schema without the null branch. */
function unwrapNull(property: Json): Json {
  const anyOf = property.anyOf as Json[] | undefined;
  if (!anyOf) return property;
  return { ...(property.description ? { description: property.description } : {}), ...anyOf[0] };
}

/** The bridge's OpenAPI 3.1 document: Nest's routes, with the contract classes as schemas. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('hoso-bridge')
      .setVersion('1.0.0')
      .setDescription(
        'Health, metrics and the admin API of the bridge. Every admin route needs a bearer token (ADMIN_TOKENS): ' +
          'a viewer reads, an operator also acts. Errors are application/problem+json with a stable `type` per kind ' +
          '(urn:hoso-bridge:problem:*); every list answers {items, next}, and `next` is the `after` of the page after.',
      )
      .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
      .addServer('/', 'this bridge')
      .addBearerAuth()
      .build(),
  );
  // The contract classes the routes refer to, and those they refer to in turn.
  const referenced = [...JSON.stringify(document.paths).matchAll(/"#\/components\/schemas\/([^"]+)"/g)];
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...contractSchemas(referenced.map(([, name]) => name!)) },
  };
  for (const path of Object.values(document.paths))
    for (const operation of Object.values(path as Record<string, { security?: unknown[] }>))
      // Health, metrics and the dashboard need no token: say so, rather than leave it unsaid.
      operation.security ??= [];
  return withoutNullable(document);
}

/** OpenAPI 3.1 says null with JSON Schema; a library's 3.0 `nullable: true` becomes `anyOf [..., null]`. */
function withoutNullable<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNullable) as T;
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Json;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutNullable(v)]));
  return (nullable === true ? orNull(converted) : converted) as T;
}
