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

// Most envelope text checked in one libxml2 run (its memory is bounded; see maxMemoryPages).
const RUN_CHARACTERS = 64 << 20;

/**
 * Checks envelopes against the edXML schema with libxml2 (xmllint, in WebAssembly), as few runs as their
 * size allows: each run starts a worker and its WebAssembly, which costs more than checking many envelopes.
 */
export async function checkAgainstSchema(xmls: readonly string[]): Promise<SchemaCheck[]> {
  const checks: SchemaCheck[] = [];
  for (let start = 0; start < xmls.length;) {
    let end = start + 1;
    for (
      let size = xmls[start]!.length;
      end < xmls.length && size + xmls[end]!.length <= RUN_CHARACTERS;
      end++
    )
      size += xmls[end]!.length;
    checks.push(...(await checkRun(xmls.slice(start, end))));
    start = end;
  }
  return checks;
}

async function checkRun(xmls: readonly string[]): Promise<SchemaCheck[]> {
  if (xmls.length === 0) return [];
  const names = xmls.map((_, i) => `envelope-${i}.xml`);
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: names[i]!, contents })),
    schema: [{ fileName: 'edxml.xsd', contents: edxmlSchema() }],
    maxMemoryPages: 16 * 1024,
  });
  const errors = names.map((): Array<(typeof result.errors)[number]> => []);
  let last = -1;
  for (const error of result.errors) {
    if (error.loc) {
      last = names.indexOf(error.loc.fileName);
      if (last < 0) throw new Error(`the edXML schema check failed: ${error.message.slice(0, 200)}`);
      errors[last]!.push(error);
    } else if (last < 0) {
      throw new Error(`the edXML schema check failed: ${error.rawMessage.slice(0, 200)}`);
    }
    // A line without a place follows the error it belongs to: libxml2 quoting the envelope's own text, or
    // saying that it fails to validate. It is never kept: it is the message's content.
  }
  return errors.map(checkOf);
}

function checkOf(
  errors: ReadonlyArray<{ message: string; loc: { lineNumber: number } | null }>,
): SchemaCheck {
  return {
    wellFormed: !errors.some((e) => /parser error/i.test(e.message)),
    problems: errors.map((e) => withoutValues(`line ${e.loc!.lineNumber}: ${e.message.trim()}`)),
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
