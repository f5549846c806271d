import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { create } from 'xmlbuilder2';
import { fromBuffer, open, type Entry, type ZipFile } from 'yauzl';
import { schemaFor, schemaProblems, type SchemaName } from './schemas';
import { METS_NS, XLINK_NS } from './sip-xml';

/** What an archivist's check of a package found. */
export interface SipCheck {
  objid: string | null;
  files: number;
  /** Empty when every listed file is present with its size and SHA-256, nothing is unlisted, and every XML file is valid. */
  problems: string[];
}

interface Listed {
  path: string;
  size: number;
  sha256: string;
  listedIn: string;
}

/** Checks a package ZIP (a path or its bytes) the way an archive's intake would. */
export async function verifySip(zip: string | Buffer): Promise<SipCheck> {
  let files: Map<string, ZipMember>;
  try {
    files = await readZip(zip);
  } catch (error) {
    return { objid: null, files: 0, problems: [`not a readable ZIP: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const folders = new Set([...files.keys()].map((path) => path.split('/')[0]!));
  if (folders.size !== 1) {
    return {
      objid: null,
      files: files.size,
      problems: [`the ZIP must hold one package folder, not ${folders.size}`],
    };
  }
  const objid = [...folders][0]!;
  const inPackage = new Map([...files].map(([path, file]) => [path.slice(objid.length + 1), file]));
  if (!inPackage.has('METS.xml'))
    return { objid, files: files.size, problems: ['no METS.xml in the package folder'] };

  const listed: Listed[] = [];
  const metsFiles = ['METS.xml'];
  for (let i = 0; i < metsFiles.length; i++) {
    const metsPath = metsFiles[i]!;
    const mets = inPackage.get(metsPath);
    if (!mets) continue; // reported below as a listed file that is missing
    let found: ReturnType<typeof listedIn>;
    try {
      found = listedIn(mets.bytes!.toString('utf8'), metsPath);
    } catch (error) {
      problems.push(`${metsPath} is not well-formed XML: ${(error as Error).message}`);
      continue;
    }
    if (metsPath === 'METS.xml' && found.objid !== objid) {
      problems.push(`METS.xml: OBJID ${found.objid} is not the package folder's name ${objid}`);
    }
    listed.push(...found.files);
    metsFiles.push(...found.files.filter((f) => f.path.endsWith('/METS.xml')).map((f) => f.path));
  }

  for (const file of listed) {
    const actual = inPackage.get(file.path);
    if (!actual) problems.push(`${file.listedIn} lists ${file.path}, which is not in the package`);
    else if (actual.size !== file.size) {
      problems.push(`${file.path}: ${actual.size} bytes, ${file.listedIn} says ${file.size}`);
    } else if (actual.sha256 !== file.sha256.toLowerCase()) {
      problems.push(
        `${file.path}: SHA-256 ${actual.sha256.toUpperCase()}, ${file.listedIn} says ${file.sha256}`,
      );
    }
  }
  const listedPaths = new Set(listed.map((f) => f.path));
  for (const path of inPackage.keys()) {
    if (path !== 'METS.xml' && !listedPaths.has(path)) problems.push(`${path} is in no METS file`);
  }

  const bySchema = new Map<SchemaName, Array<{ path: string; xml: Buffer }>>();
  for (const [path, file] of inPackage) {
    const schema = schemaFor(path);
    if (schema) bySchema.set(schema, [...(bySchema.get(schema) ?? []), { path, xml: file.bytes! }]);
  }
  for (const [schema, xmlFiles] of bySchema) problems.push(...(await schemaProblems(schema, xmlFiles)));
  return { objid, files: files.size, problems };
}

/** The DOM of a parsed XML file, as much of it as is read here. */
interface XmlElement {
  getAttribute(name: string): string | null;
  getAttributeNS(namespace: string, name: string): string | null;
  getElementsByTagNameNS(namespace: string, name: string): ArrayLike<XmlElement>;
}

/** The files a METS file lists (its dmdSec references and fileSec files), as package paths. */
function listedIn(xml: string, metsPath: string): { objid: string | null; files: Listed[] } {
  const mets = create(xml).root().node as unknown as XmlElement;
  const all = (element: XmlElement, name: string) =>
    Array.from(element.getElementsByTagNameNS(METS_NS, name));
  const file = (described: XmlElement, located: XmlElement | undefined): Listed => ({
    path: posix.normalize(
      posix.join(posix.dirname(metsPath), decodeURI(located?.getAttributeNS(XLINK_NS, 'href') ?? '')),
    ),
    size: Number(described.getAttribute('SIZE')),
    sha256: described.getAttribute('CHECKSUM') ?? '',
    listedIn: metsPath,
  });
  return {
    objid: mets.getAttribute('OBJID'),
    files: [
      ...all(mets, 'mdRef').map((mdRef) => file(mdRef, mdRef)),
      ...all(mets, 'file').map((entry) => file(entry, all(entry, 'FLocat')[0])),
    ],
  };
}

interface ZipMember {
  size: number;
  sha256: string;
  /** Kept for XML files only. */
  bytes?: Buffer;
}

/** Every file in the ZIP with its size and SHA-256, read as a stream so large binaries stay on disk. */
async function readZip(zip: string | Buffer): Promise<Map<string, ZipMember>> {
  const zipFile = await new Promise<ZipFile>((resolve, reject) => {
    const done = (error: Error | null, file?: ZipFile) => (error ? reject(error) : resolve(file!));
    if (typeof zip === 'string') open(zip, { lazyEntries: true }, done);
    else fromBuffer(zip, { lazyEntries: true }, done);
  });
  const members = new Map<string, ZipMember>();
  await new Promise<void>((resolve, reject) => {
    zipFile.on('error', reject);
    zipFile.on('end', () => resolve());
    zipFile.on('entry', (entry: Entry) => {
      if (entry.fileName.endsWith('/')) return zipFile.readEntry();
      zipFile.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const hash = createHash('sha256');
        const keep = entry.fileName.endsWith('.xml');
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (keep) chunks.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          members.set(entry.fileName, {
            size,
            sha256: hash.digest('hex'),
            ...(keep ? { bytes: Buffer.concat(chunks) } : {}),
          });
          zipFile.readEntry();
        });
      });
    });
    zipFile.readEntry();
  });
  return members;
}
