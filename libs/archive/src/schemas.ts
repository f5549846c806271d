import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** The XML schemas every package carries in its schemas/ folder (libs/archive/schemas, SOURCES.md). */
export const SCHEMA_FILES = [
  'mets.xsd',
  'xlink.xsd',
  'DILCISExtensionMETS.xsd',
  'ead.xsd',
  'ead_doc.xsd',
  'ead-types.xsd',
];

/** The circular's METS profile (schemas/profile): what these packages' METS must be beyond METS 1.12.1. */
export const METS_PROFILE = 'mets-profile.xsd';

// From the sources (tests) this file is in libs/archive/src; built, in dist/libs/archive/src.
const SCHEMA_DIR = [join(__dirname, '../schemas'), join(__dirname, '../../../../libs/archive/schemas')].find(
  (dir) => existsSync(join(dir, 'mets.xsd')),
);

let loaded: Map<string, Buffer> | undefined;

/** The shipped schema files by name. */
export function schemaFiles(): Map<string, Buffer> {
  loaded ??= new Map(SCHEMA_FILES.map((name) => [name, readFileSync(join(schemaDir(), name))]));
  return loaded;
}

function schemaDir(): string {
  if (!SCHEMA_DIR)
    throw new Error(`the XML schemas are missing: no libs/archive/schemas beside ${__dirname}`);
  return SCHEMA_DIR;
}

export type SchemaName = 'mets.xsd' | typeof METS_PROFILE | 'ead.xsd' | 'ead_doc.xsd';

/** The schemas an XML file of a package is checked against, by its name. */
export function schemasFor(path: string): SchemaName[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'METS.xml') return ['mets.xsd', METS_PROFILE];
  if (name === 'EAD.xml') return ['ead.xsd'];
  if (/^EAD_DOC_.+\.xml$/.test(name)) return ['ead_doc.xsd'];
  return [];
}

/** A file of a package that breaks a schema it follows; `path` is null for a fault of no one file. */
export interface SchemaProblem {
  schema: SchemaName;
  path: string | null;
  message: string;
}

/** Each XML file of a package checked against every schema it follows (schemasFor); empty when all hold. */
export async function xmlSchemaProblems(
  files: Iterable<{ path: string; xml: Buffer | string }>,
): Promise<SchemaProblem[]> {
  const bySchema = new Map<SchemaName, Array<{ path: string; xml: Buffer | string }>>();
  for (const file of files) {
    for (const schema of schemasFor(file.path)) bySchema.set(schema, [...(bySchema.get(schema) ?? []), file]);
  }
  const problems = await Promise.all([...bySchema].map(([schema, group]) => problemsAgainst(schema, group)));
  return problems.flat();
}

async function problemsAgainst(
  schema: SchemaName,
  files: ReadonlyArray<{ path: string; xml: Buffer | string }>,
): Promise<SchemaProblem[]> {
  const schemas = schemaFiles();
  const main =
    schema === METS_PROFILE ? readFileSync(join(schemaDir(), 'profile', schema)) : schemas.get(schema)!;
  // xmllint sees a flat in-memory folder, so each file gets a plain name there.
  const names = files.map((_, i) => `file${i}.xml`);
  const result = await validateXML({
    xml: files.map((file, i) => ({ fileName: names[i]!, contents: toText(file.xml) })),
    schema: [{ fileName: schema, contents: main.toString('utf8') }],
    preload: [...schemas]
      .filter(([name]) => name !== schema)
      .map(([fileName, contents]) => ({ fileName, contents: contents.toString('utf8') })),
    maxMemoryPages: 16 * 1024, // 1 GiB: a file of thousands of documents
  });
  return result.errors.map((error) => {
    const index = error.loc ? names.indexOf(error.loc.fileName) : -1;
    return index >= 0
      ? {
          schema,
          path: files[index]!.path,
          message: `line ${error.loc!.lineNumber}: ${error.message.trim()}`,
        }
      : { schema, path: null, message: error.rawMessage.trim() };
  });
}

const toText = (xml: Buffer | string) => (typeof xml === 'string' ? xml : xml.toString('utf8'));
