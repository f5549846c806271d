import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The published admin-API contract, as committed (`npm run contract:openapi`). */
export const OPENAPI_FILE = join(__dirname, '../../docs/openapi.json');

let ajv: Ajv2020 | undefined;

/**
 * A validator of one route's answer against the published OpenAPI document, as a client generated from
 * docs/openapi.json would read it: `openApiAnswer('get', '/admin/dossiers', 200)`.
 */
export function openApiAnswer(
  method: string,
  path: string,
  status: number,
  mediaType = 'application/json',
): ValidateFunction {
  if (!ajv) {
    // strict off: the document also holds OpenAPI keywords (operationId, content) beside the schemas.
    ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as object, 'openapi');
  }
  const pointer = ['paths', path, method, 'responses', String(status), 'content', mediaType, 'schema']
    .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/');
  return ajv.compile({ $ref: `openapi#/${pointer}` });
}
