import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The published event contract, as committed. */
export const ASYNCAPI_FILE = join(__dirname, '../../docs/asyncapi.json');

let ajv: Ajv | undefined;

/**
 * A validator of one message's payload (or headers) against the published AsyncAPI document: what a
 * partner who reads only docs/asyncapi.json would check our messages with.
 */
export function asyncApiPayload(message: string, part: 'payload' | 'headers' = 'payload'): ValidateFunction {
  if (!ajv) {
    // strict off: the document also holds AsyncAPI keywords (name, title, bindings) beside the schemas.
    ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    ajv.addSchema(JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8')) as object, 'asyncapi');
  }
  return ajv.compile({ $ref: `asyncapi#/components/messages/${message}/${part}` });
}
