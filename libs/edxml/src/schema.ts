import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

// From the sources (tests) this file is in libs/edxml/src; built, in dist/libs/edxml/src.
const SCHEMA_DIR = [join(__dirname, '../schema'), join(__dirname, '../../../../libs/edxml/schema')].find(
  (dir) => existsSync(join(dir, 'edxml.xsd')),
);

let schema: string | undefined;

/** The edXML schema written from the standard (libs/edxml/schema/edxml.xsd, SOURCES.md). */
export function edxmlSchema(): string {
  if (!SCHEMA_DIR) throw new Error(`the edXML schema is missing: no libs/edxml/schema beside ${__dirname}`);
  schema ??= readFileSync(join(SCHEMA_DIR, 'edxml.xsd'), 'utf8');
  return schema;
}

/** What libxml2 found wrong: the envelope is not well-formed XML, or breaks the schema. */
export interface SchemaCheck {
  wellFormed: boolean;
  /** Each problem with its line, the values it quoted left out (they may be personal data). */
  problems: string[];
}

/** Checks the envelope against the edXML schema with libxml2 (xmllint, in WebAssembly). */
export async function checkAgainstSchema(xml: string): Promise<SchemaCheck> {
  const result = await validateXML({
    xml: [{ fileName: 'envelope.xml', contents: xml }],
    schema: [{ fileName: 'edxml.xsd', contents: edxmlSchema() }],
    maxMemoryPages: 16 * 1024,
  });
  const wellFormed = !result.errors.some((e) => /parser error/i.test(e.rawMessage));
  return {
    wellFormed,
    problems: result.errors.map((e) =>
      withoutValues(e.loc ? `line ${e.loc.lineNumber}: ${e.message.trim()}` : e.rawMessage.trim()),
    ),
  };
}

/**
 * libxml2 quotes the offending value ("The value 'x' is not accepted"); element, attribute and schema
 * names stay, every other quoted text goes.
 */
export function withoutValues(message: string): string {
  return message.replace(
    /((?:Element|attribute|facet|pattern|type|element|Expected is) )?'[^'\n]*'/g,
    (quoted, kept: string | undefined) => (kept ? quoted : '(value left out)'),
  );
}
