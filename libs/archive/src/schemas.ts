import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** The XML schemas the project ships (libs/archive/schemas), copied into every package's schemas/ folder. */
export const SCHEMA_FILES = ['mets.xsd', 'xlink.xsd', 'csip.xsd', 'ead.xsd', 'ead_doc.xsd', 'ead-types.xsd'];

// From the sources (tests) this file is in libs/archive/src; built, in dist/libs/archive/src.
const SCHEMA_DIR = [join(__dirname, '../schemas'), join(__dirname, '../../../../libs/archive/schemas')].find(
  (dir) => existsSync(join(dir, 'mets.xsd')),
);

let loaded: Map<string, Buffer> | undefined;

/** The schema files by name. */
export function schemaFiles(): Map<string, Buffer> {
  if (!SCHEMA_DIR)
    throw new Error(`the XML schemas are missing: no libs/archive/schemas beside ${__dirname}`);
  loaded ??= new Map(SCHEMA_FILES.map((name) => [name, readFileSync(join(SCHEMA_DIR, name))]));
  return loaded;
}

export type SchemaName = 'mets.xsd' | 'ead.xsd' | 'ead_doc.xsd';

/** Which shipped schema an XML file of a package is checked against, by its name. */
export function schemaFor(path: string): SchemaName | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'METS.xml') return 'mets.xsd';
  if (name === 'EAD.xml') return 'ead.xsd';
  if (/^EAD_DOC_.+\.xml$/.test(name)) return 'ead_doc.xsd';
  return null;
}

/** The problems of XML files against one shipped schema, each as "path:line: message". */
export async function schemaProblems(
  schema: SchemaName,
  files: ReadonlyArray<{ path: string; xml: Buffer | string }>,
): Promise<string[]> {
  if (files.length === 0) return [];
  const schemas = schemaFiles();
  // xmllint sees a flat in-memory folder, so each file gets a plain name there.
  const names = files.map((_, i) => `file${i}.xml`);
  const result = await validateXML({
    xml: files.map((file, i) => ({ fileName: names[i]!, contents: toText(file.xml) })),
    schema: [{ fileName: schema, contents: schemas.get(schema)!.toString('utf8') }],
    preload: [...schemas]
      .filter(([name]) => name !== schema)
      .map(([fileName, contents]) => ({ fileName, contents: contents.toString('utf8') })),
    maxMemoryPages: 16 * 1024, // 1 GiB: a file of thousands of documents
  });
  return result.errors.map((error) => {
    const index = error.loc ? names.indexOf(error.loc.fileName) : -1;
    return index >= 0
      ? `${files[index]!.path}:${error.loc!.lineNumber}: ${error.message.trim()}`
      : error.rawMessage.trim();
  });
}

const toText = (xml: Buffer | string) => (typeof xml === 'string' ? xml : xml.toString('utf8'));
