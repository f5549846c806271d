import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { create } from 'xmlbuilder2';
import { fromBuffer, open, type Entry, type ZipFile } from 'yauzl';
import { METS_PROFILE, xmlSchemaProblems } from '../schemas';
import { CSIP_NS, METS_NS, REFERENCE_SUFFIX, XLINK_NS } from '../sip-xml';
import { digitizedCopyProblems } from './digitized-copy';
import { sniffMediaType } from './media-type';
import { pdfaProblems } from './pdfa';
import { type Fields, meaningProblems, type PackageView, type SipProblem } from './sip-checks';

/** What an archivist's check of a package found. */
export interface SipCheck {
  objid: string | null;
  files: number;
  /** Empty when every check of SIP_CHECKS passed. */
  problems: SipProblem[];
}

export interface VerifyOptions {
  /** Check every PDF for PDF/A conformance with veraPDF (needs Java); off, the check `pdfa` is not made. */
  pdfa?: boolean;
}

/**
 * Checks a package ZIP (a path or its bytes) the way an archive's intake would: the container, what its
 * metadata means, and with `pdfa` the PDF/A conformance of its PDFs.
 */
export async function verifySip(zip: string | Buffer, options: VerifyOptions = {}): Promise<SipCheck> {
  // PDFs go to disk, for veraPDF and the digitized-copy checks, so that large scans stay out of memory.
  const saveDir = await mkdtemp(join(tmpdir(), 'hoso-verify-'));
  try {
    return await verifyIn(zip, saveDir, options.pdfa ?? false);
  } finally {
    await rm(saveDir, { recursive: true, force: true });
  }
}

async function verifyIn(zip: string | Buffer, saveDir: string, pdfa: boolean): Promise<SipCheck> {
  let files: Map<string, ZipMember>;
  try {
    files = await readZip(zip, saveDir);
  } catch (error) {
    return refused(null, 0, `not a readable ZIP: ${(error as Error).message}`);
  }
  const folders = new Set([...files.keys()].map((path) => path.split('/')[0]!));
  if (folders.size !== 1) {
    return refused(null, files.size, `the ZIP must hold one package folder, not ${folders.size}`);
  }
  const objid = [...folders][0]!;
  const inPackage = new Map([...files].map(([path, file]) => [path.slice(objid.length + 1), file]));
  if (!inPackage.has('METS.xml')) return refused(objid, files.size, 'no METS.xml in the package folder');

  const problems: SipProblem[] = [];
  const problem = (check: SipProblem['check'], path: string | null, message: string) =>
    problems.push({ check, path, message });
  const metsFiles = metsFilesOf(inPackage, problem);
  const root = metsFiles.find((mets) => mets.path === 'METS.xml');
  if (root && root.objid !== objid)
    problem('package', 'METS.xml', `OBJID ${root.objid} is not the package folder's name ${objid}`);

  const listed = metsFiles.flatMap((mets) => mets.files);
  for (const file of listed) {
    const actual = inPackage.get(file.path);
    if (!actual) problem('listing', file.listedIn, `lists ${file.path}, which is not in the package`);
    else if (actual.size !== file.size) {
      problem('fixity', file.path, `${actual.size} bytes, ${file.listedIn} says ${file.size}`);
    } else if (actual.sha256 !== file.sha256.toLowerCase()) {
      problem(
        'fixity',
        file.path,
        `SHA-256 ${actual.sha256.toUpperCase()}, ${file.listedIn} says ${file.sha256}`,
      );
    }
  }
  const listedPaths = new Set(listed.map((f) => f.path));
  for (const path of inPackage.keys()) {
    if (path !== 'METS.xml' && !listedPaths.has(path)) problem('listing', path, 'in no METS file');
  }

  const xml = [...inPackage].flatMap(([path, file]) => (file.bytes ? [{ path, xml: file.bytes }] : []));
  for (const { schema, path, message } of await xmlSchemaProblems(xml)) {
    problems.push({ check: schema === METS_PROFILE ? 'mets-profile' : 'schema', path, message });
  }
  const view = viewOf(metsFiles, inPackage);
  problems.push(...meaningProblems(view));
  // Only what is a PDF by its bytes: anything else is the media-type check's to report.
  const savedPdf = (data: { path: string; head: Buffer }) =>
    sniffMediaType(data.head) === 'application/pdf' ? inPackage.get(data.path)?.saved : undefined;
  for (const document of view.documents.filter((d) => d.fields.confidenceLevel === '02')) {
    // A binary left out of the package (metadata only) is the archive's to check once fetched.
    for (const data of document.data.filter((d) => !d.path.endsWith(REFERENCE_SUFFIX))) {
      const saved = savedPdf(data);
      if (saved) problems.push(...(await digitizedCopyProblems(data.path, await readFile(saved))));
      else problems.push({ check: 'scan', path: data.path, message: 'a digitized copy must be a PDF' });
    }
  }
  if (pdfa) {
    const pdfs = view.documents
      .flatMap((document) => document.data)
      .flatMap((data) => {
        const file = savedPdf(data);
        return file ? [{ path: data.path, file }] : [];
      });
    problems.push(...(await pdfaProblems(pdfs)));
  }
  return { objid, files: files.size, problems };
}

/** The root METS and every METS it lists, in turn, as far as they are well-formed. */
function metsFilesOf(
  inPackage: ReadonlyMap<string, ZipMember>,
  problem: (check: 'xml', path: string, message: string) => void,
): MetsFile[] {
  const metsFiles: MetsFile[] = [];
  const metsPaths = ['METS.xml'];
  for (let i = 0; i < metsPaths.length; i++) {
    const metsPath = metsPaths[i]!;
    const mets = inPackage.get(metsPath);
    if (!mets) continue; // reported as a listed file that is missing
    try {
      metsFiles.push(readMets(mets.bytes!.toString('utf8'), metsPath));
    } catch (error) {
      problem('xml', metsPath, `not well-formed XML: ${(error as Error).message}`);
      continue;
    }
    metsPaths.push(
      ...metsFiles
        .at(-1)!
        .files.filter((f) => f.path.endsWith('/METS.xml'))
        .map((f) => f.path),
    );
  }
  return metsFiles;
}

/** What a package's records say, for the transfer paperwork. */
export interface PackageRecords {
  objid: string;
  /** The agency the root METS names as the organization that made the package. */
  agencyName: string | null;
  /** EAD.xml's fields. */
  file: Fields;
  /** Every EAD_DOC's fields, in docCode order. */
  documents: Fields[];
  /** Data files of the representation, binaries and references alike. */
  dataFiles: number;
}

/** Reads the records of a package the verifier has passed; a package it cannot read is an error. */
export async function readPackageRecords(zip: string | Buffer): Promise<PackageRecords> {
  const files = await readZip(zip, null);
  const objid = [...files.keys()][0]?.split('/')[0] ?? '';
  const inPackage = new Map([...files].map(([path, file]) => [path.slice(objid.length + 1), file]));
  const metsFiles = metsFilesOf(inPackage, (_check, path, message) => {
    throw new Error(`${path}: ${message}`);
  });
  const view = viewOf(metsFiles, inPackage);
  if (!view.file) throw new Error(`${objid}: the package has no EAD.xml`);
  const code = (d: { fields: Fields }) => d.fields.docCode ?? '';
  return {
    objid,
    agencyName: metsFiles.flatMap((mets) => mets.agentNames)[0] ?? null,
    file: view.file.fields,
    documents: [...view.documents]
      .sort((a, b) => (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0))
      .map((d) => d.fields),
    dataFiles: view.documents.reduce((n, d) => n + d.data.length, 0) + view.unlinkedData.length,
  };
}

const refused = (objid: string | null, files: number, message: string): SipCheck => ({
  objid,
  files,
  problems: [{ check: 'package', path: null, message }],
});

/** The package as the meaning checks read it: file and document records, and what each links. */
function viewOf(metsFiles: readonly MetsFile[], inPackage: ReadonlyMap<string, ZipMember>): PackageView {
  const root = metsFiles.find((mets) => mets.path === 'METS.xml');
  const fields = (path: string): Fields | null => {
    const bytes = inPackage.get(path)?.bytes;
    try {
      return bytes ? simpledcFields(bytes.toString('utf8')) : null;
    } catch {
      return null; // not well-formed: the schema check reports it
    }
  };
  const eadPath = root?.files.find((file) => file.isMetadata)?.path;
  const eadFields = eadPath ? fields(eadPath) : null;
  const documents: Array<PackageView['documents'][number]> = [];
  const linkedData = new Set<string>();
  const dataPaths = new Set<string>();
  for (const mets of metsFiles.filter((m) => m !== root)) {
    const byId = new Map(mets.files.map((file) => [file.id, file]));
    for (const file of mets.files) if (!file.isMetadata) dataPaths.add(file.path);
    for (const record of mets.files.filter((file) => file.isMetadata)) {
      const data = (mets.links.get(record.id ?? '') ?? [])
        .map((id) => byId.get(id))
        .filter((file) => file !== undefined);
      for (const file of data) linkedData.add(file.path);
      documents.push({
        path: record.path,
        fields: fields(record.path) ?? {},
        data: data.map((file) => ({
          path: file.path,
          mimeType: file.mimeType,
          head: inPackage.get(file.path)?.head ?? Buffer.alloc(0),
        })),
      });
    }
  }
  const submission = root?.altRecordIds.find((id) => id.type === 'SUBMISSIONAGREEMENT');
  return {
    file: eadPath && eadFields ? { path: eadPath, fields: eadFields } : null,
    agentCodes: metsFiles.flatMap((mets) => mets.agentCodes.map((code) => ({ path: mets.path, code }))),
    submission: submission ? { path: 'METS.xml', code: submission.value } : null,
    documents,
    unlinkedData: [...dataPaths].filter((path) => !linkedData.has(path)),
  };
}

/** A file a METS file lists (in a dmdSec's mdRef or the fileSec), as a package path. */
interface Listed {
  path: string;
  /** The dmdSec's ID for a record, the file's for a file. */
  id: string | null;
  isMetadata: boolean;
  mimeType: string;
  size: number;
  sha256: string;
  listedIn: string;
}

interface MetsFile {
  path: string;
  objid: string | null;
  files: Listed[];
  agentNames: string[];
  agentCodes: string[];
  altRecordIds: Array<{ type: string | null; value: string }>;
  /** The file IDs the structMap's divisions point to, by the dmdSec ID they describe. */
  links: Map<string, string[]>;
}

/** The DOM of a parsed XML file, as much of it as is read here. */
interface XmlElement {
  textContent: string | null;
  readonly parentNode: XmlElement;
  getAttribute(name: string): string | null;
  getAttributeNS(namespace: string, name: string): string | null;
  getElementsByTagNameNS(namespace: string, name: string): ArrayLike<XmlElement>;
  readonly children: ArrayLike<XmlElement & { localName: string }>;
}

function readMets(xml: string, metsPath: string): MetsFile {
  const mets = create(xml).root().node as unknown as XmlElement;
  const all = (element: XmlElement, name: string) =>
    Array.from(element.getElementsByTagNameNS(METS_NS, name));
  const file = (
    described: XmlElement,
    located: XmlElement | undefined,
    id: string | null,
    isMetadata: boolean,
  ): Listed => ({
    path: posix.normalize(
      posix.join(posix.dirname(metsPath), decodeURI(located?.getAttributeNS(XLINK_NS, 'href') ?? '')),
    ),
    id,
    isMetadata,
    mimeType: described.getAttribute('MIMETYPE') ?? '',
    size: Number(described.getAttribute('SIZE')),
    sha256: described.getAttribute('CHECKSUM') ?? '',
    listedIn: metsPath,
  });
  const records = all(mets, 'mdRef').map((mdRef) =>
    file(mdRef, mdRef, mdRef.parentNode.getAttribute('ID'), true),
  );
  const links = new Map<string, string[]>();
  for (const div of all(mets, 'div')) {
    const dmdId = div.getAttribute('DMDID');
    if (!dmdId) continue;
    const fileIds = Array.from(div.children)
      .filter((child) => child.localName === 'fptr')
      .map((fptr) => fptr.getAttribute('FILEID') ?? '');
    links.set(dmdId, [...(links.get(dmdId) ?? []), ...fileIds]);
  }
  return {
    path: metsPath,
    objid: mets.getAttribute('OBJID'),
    files: [
      ...records,
      ...all(mets, 'file').map((entry) =>
        file(entry, all(entry, 'FLocat')[0], entry.getAttribute('ID'), false),
      ),
    ],
    // The agency's code, where an organization made it; the root's software agent names the fond instead.
    agentNames: all(mets, 'agent')
      .filter((agent) => agent.getAttribute('TYPE') === 'ORGANIZATION')
      .flatMap((agent) => all(agent, 'name'))
      .map((name) => (name.textContent ?? '').trim()),
    agentCodes: all(mets, 'agent')
      .filter((agent) => agent.getAttribute('TYPE') === 'ORGANIZATION')
      .flatMap((agent) => all(agent, 'note'))
      .filter((note) => note.getAttributeNS(CSIP_NS, 'NOTETYPE') === 'IDENTIFICATIONCODE')
      .map((note) => (note.textContent ?? '').trim()),
    altRecordIds: all(mets, 'altRecordID').map((id) => ({
      type: id.getAttribute('TYPE'),
      value: (id.textContent ?? '').trim(),
    })),
    links,
  };
}

/** The fields of a <simpledc> record by name, each as its text. */
function simpledcFields(xml: string): Fields {
  const root = create(xml).root().node as unknown as XmlElement;
  return Object.fromEntries(
    Array.from(root.children).map((child) => [child.localName, child.textContent ?? '']),
  );
}

interface ZipMember {
  size: number;
  sha256: string;
  /** The first bytes, for sniffing the media type. */
  head: Buffer;
  /** Kept for XML files only. */
  bytes?: Buffer;
  /** Where a PDF was saved, for the digitized-copy checks and veraPDF. */
  saved?: string;
}

const HEAD_BYTES = 512;

/** Every file in the ZIP with its size and SHA-256, read as a stream so large binaries stay on disk. */
async function readZip(zip: string | Buffer, saveDir: string | null): Promise<Map<string, ZipMember>> {
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
        const saved =
          saveDir && /\.pdf$/i.test(entry.fileName) ? join(saveDir, `${members.size}.pdf`) : undefined;
        const chunks: Buffer[] = [];
        let head = Buffer.alloc(0);
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
          if (keep) chunks.push(chunk);
        });
        const done = saved ? pipeline(stream, createWriteStream(saved)) : finished(stream);
        done.then(() => {
          members.set(entry.fileName, {
            size,
            sha256: hash.digest('hex'),
            head,
            ...(keep ? { bytes: Buffer.concat(chunks) } : {}),
            ...(saved ? { saved } : {}),
          });
          zipFile.readEntry();
        }, reject);
      });
    });
    zipFile.readEntry();
  });
  return members;
}
