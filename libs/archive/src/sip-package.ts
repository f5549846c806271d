import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { drawnByBridge, type EFileAssembled, type EFileDocument } from '@hoso/contracts';
import { ZipFile } from 'yazl';
import type { FetchedBinary } from './binaries';
import { processingSlip } from './processing-slip';
import { docIdOf, documentFields, fileFields } from './sip-fields';
import { type Div, type ListedFile, metsXml, REFERENCE_SUFFIX, simpledcXml } from './sip-xml';
import { schemaFiles, xmlSchemaProblems } from './schemas';

/** What a package is made of. Only `packageUuid` and `createdAt` vary between two exports of a revision. */
export interface SipInput {
  efile: EFileAssembled;
  /** The agency as the one-stop system names it, for the representation's creator. */
  agencyName: string | null;
  /** The agency's fond code (mã phông) at its archive (ARCHIVE_FOND_CODES), when it has one. */
  fondCode: string | null;
  /** The checked binaries by docCode; a document without one is recorded by reference (a holey file). */
  binaries: ReadonlyMap<string, FetchedBinary>;
  packageUuid: string;
  createdAt: Date;
}

/** A file of the package: its path under the package folder, and where its bytes are. */
export interface SipEntry {
  path: string;
  bytes: Buffer | { file: string };
  size: number;
  sha256: string;
}

export interface SubmissionPackage {
  /** uuid-{UUID}: the package folder inside the ZIP, and mets/@OBJID. */
  objid: string;
  fileCode: string;
  revision: number;
  createdAt: Date;
  /** What EAD.xml counts: the e-file's documents and pages, its processing-control slip included. */
  totals: { documents: number; pages: number };
  entries: SipEntry[];
}

const SOFTWARE = 'hoso-bridge';
const REP = 'representations/rep1';

/** Builds the package of Circular 05/2025 (SIP_hoso): METS, EAD, one EAD_DOC per document, data, schemas. */
export function buildSip(input: SipInput): SubmissionPackage {
  const { efile } = input;
  const objid = `uuid-${input.packageUuid.toUpperCase()}`;
  const created = vnTimestamp(input.createdAt);
  // Every id inside follows from the package's UUID, so one export is reproducible byte for byte.
  const id = (prefix: 'uuid' | 'ID', name: string) => `${prefix}-${derivedUuid(input.packageUuid, name)}`;
  const entries: SipEntry[] = [];
  const add = (path: string, bytes: Buffer | { file: string }, size: number, sha256: string) => {
    entries.push({ path, bytes, size, sha256 });
    return { path, size, sha256: sha256.toUpperCase() };
  };
  const addText = (path: string, text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    return add(path, bytes, bytes.length, sha256Of(bytes));
  };

  // The representation: each document's metadata and its binary, or a reference to it.
  const documents = efile.documents.map((document) => {
    const docId = docIdOf(efile, document);
    const metadata = addText(
      `${REP}/metadata/descriptive/EAD_DOC_${docId}.xml`,
      simpledcXml(documentFields(efile, document), '../../../../schemas/ead_doc.xsd'),
    );
    const path = `${REP}/data/${docId}${extensionOf(document)}`;
    const drawn = drawnBinary(efile, document);
    const binary = input.binaries.get(document.docCode);
    const data = drawn
      ? add(path, drawn, drawn.length, sha256Of(drawn))
      : binary
        ? add(path, { file: binary.path }, binary.size, binary.sha256)
        : addText(`${path}${REFERENCE_SUFFIX}`, referenceOf(document));
    return {
      docCode: document.docCode,
      dmdId: id('uuid', `dmd:${docId}`),
      fileId: id('ID', `file:${docId}`),
      metadata: listed(metadata, REP, 'application/xml'),
      data: listed(data, REP, drawn || binary ? document.file.mediaType : 'text/plain'),
      holey: !drawn && !binary,
    };
  });
  const fileGroup = (use: string, group: typeof documents) => ({
    id: id('uuid', `fileGrp:${use}`),
    use,
    files: group.map((d) => ({ ...d.data, id: d.fileId })),
  });
  const held = documents.filter((d) => !d.holey);
  const holey = documents.filter((d) => d.holey);
  const repMets = addText(
    `${REP}/METS.xml`,
    metsXml({
      objid: 'rep1',
      created,
      schemas: '../../schemas/',
      agent: {
        type: 'ORGANIZATION',
        name: input.agencyName ?? efile.organId,
        identificationCode: efile.organId,
      },
      dmdSecs: documents.map((d) => ({ id: d.dmdId, file: d.metadata })),
      amdSecId: id('uuid', 'rep1:amdSec'),
      fileSecId: id('uuid', 'rep1:fileSec'),
      fileGroups: [
        ...(held.length > 0 ? [fileGroup('Data', held)] : []),
        ...(holey.length > 0 ? [fileGroup('Holeyfile', holey)] : []),
      ],
      structMapId: id('uuid', 'rep1:structMap'),
      root: {
        id: id('uuid', 'rep1:div'),
        label: 'rep1',
        type: 'ORIGINAL',
        divs: [
          ...(held.length > 0
            ? [{ id: id('uuid', 'rep1:div:Data'), label: 'Data', fileIds: held.map((d) => d.fileId) }]
            : []),
          {
            id: id('uuid', 'rep1:div:MetadataLink'),
            label: 'MetadataLink',
            divs: documents.map((d): Div => ({
              id: id('uuid', `div:${d.docCode}`),
              label: d.holey ? 'MetadataLink/Holey' : 'MetadataLink/File',
              dmdId: d.dmdId,
              fileIds: [d.fileId],
            })),
          },
        ],
      },
    }),
  );

  // The package: the file's metadata, the schemas, and a pointer to the representation.
  const fields = fileFields(efile, input.fondCode);
  const ead = addText('metadata/descriptive/EAD.xml', simpledcXml(fields, '../../schemas/ead.xsd'));
  const schemas = [...schemaFiles()].map(([name, bytes]) => ({
    ...listed(add(`schemas/${name}`, bytes, bytes.length, sha256Of(bytes)), '', 'application/octet-stream'),
    id: id('ID', `schema:${name}`),
  }));
  const repGroupId = id('uuid', 'fileGrp:Representations/rep1');
  const repFileId = id('ID', 'file:rep1/METS.xml');
  addText(
    'METS.xml',
    metsXml({
      objid,
      label: efile.title,
      created,
      schemas: 'schemas/',
      // As in the circular's sample, the package names the fond it belongs to; the agency code until one is set.
      agent: {
        type: 'OTHER',
        otherType: 'SOFTWARE',
        name: SOFTWARE,
        identificationCode: input.fondCode ?? efile.organId,
      },
      altRecordId: efile.fileCode,
      previousCodes: efile.aliases ?? [],
      dmdSecs: [{ id: id('uuid', 'dmd:EAD'), file: listed(ead, '', 'application/xml') }],
      amdSecId: id('uuid', 'amdSec'),
      fileSecId: id('uuid', 'fileSec'),
      fileGroups: [
        { id: id('uuid', 'fileGrp:Schemas'), use: 'Schemas', files: schemas },
        {
          id: repGroupId,
          use: 'Representations/rep1',
          files: [{ ...listed(repMets, '', 'application/xml'), id: repFileId }],
        },
      ],
      structMapId: id('uuid', 'structMap'),
      root: {
        id: id('uuid', 'div'),
        label: objid,
        divs: [
          { id: id('uuid', 'div:Metadata'), label: 'Metadata', dmdId: id('uuid', 'dmd:EAD') },
          { id: id('uuid', 'div:Schemas'), label: 'Schemas', fileIds: schemas.map((s) => s.id) },
          {
            id: id('uuid', 'div:rep1'),
            label: 'Representations/rep1',
            mptr: { href: `${REP}/METS.xml`, title: repGroupId },
          },
        ],
      },
    }),
  );

  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    objid,
    fileCode: efile.fileCode,
    revision: efile.revision,
    createdAt: input.createdAt,
    totals: { documents: Number(fields.totalDoc), pages: Number(fields.numberOfPage) },
    entries,
  };
}

/** Each XML file of the package checked against the schemas it follows, as "path: line N: message". */
export async function sipSchemaProblems(sip: SubmissionPackage): Promise<string[]> {
  const xml = sip.entries.flatMap((entry) =>
    Buffer.isBuffer(entry.bytes) ? [{ path: entry.path, xml: entry.bytes }] : [],
  );
  return (await xmlSchemaProblems(xml)).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
}

/** Writes the package as a ZIP whose single folder is the package (named by its OBJID). */
export async function writeSipZip(sip: SubmissionPackage, out: Writable): Promise<void> {
  const zip = new ZipFile();
  const options = (path: string) => ({
    mtime: sip.createdAt,
    mode: 0o100644,
    // Binaries (PDF, images) are compressed already.
    compress: path.endsWith('.xml') || path.endsWith('.xsd') || path.endsWith('.txt'),
  });
  for (const entry of sip.entries) {
    const name = `${sip.objid}/${entry.path}`;
    if (Buffer.isBuffer(entry.bytes)) zip.addBuffer(entry.bytes, name, options(entry.path));
    else zip.addFile(entry.bytes.file, name, options(entry.path));
  }
  zip.end();
  await pipeline(zip.outputStream, out);
}

/** The ZIP's name under the circular: the package's sequence in the transfer, then its id. */
export const sipZipName = (sip: Pick<SubmissionPackage, 'objid'>, sequence = 1) =>
  `${String(sequence).padStart(3, '0')}-${sip.objid}.zip`;

/** 2026-06-12T11:45:37.690+07:00 */
export function vnTimestamp(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
}

/** A UUID (version 8, name-based) from the package's UUID and a name inside the package, upper case. */
export function derivedUuid(packageUuid: string, name: string): string {
  const hex = createHash('sha256').update(`${packageUuid.toLowerCase()}\n${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ]
    .join('-')
    .toUpperCase();
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function listed(
  entry: { path: string; size: number; sha256: string },
  base: string,
  mimeType: string,
): ListedFile {
  return {
    href: base ? entry.path.slice(base.length + 1) : entry.path,
    mimeType,
    size: entry.size,
    sha256: entry.sha256,
  };
}

/**
 * A document the bridge draws (the processing-control slip), drawn again: the same facts give the bytes the
 * e-file lists, so the package holds them, not a reference.
 */
function drawnBinary(efile: EFileAssembled, document: EFileDocument): Buffer | null {
  return drawnByBridge(document) ? (processingSlip(efile, document.organName)?.bytes ?? null) : null;
}

/** The extension of the document's file name, or of its media type. */
function extensionOf(document: EFileDocument): string {
  const dot = document.file.fileName.lastIndexOf('.');
  if (dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(document.file.fileName.slice(dot))) {
    return document.file.fileName.slice(dot).toLowerCase();
  }
  return document.file.mediaType === 'application/pdf' ? '.pdf' : '.bin';
}

/** What a holey file records of a binary left out: where it is and what it must hash to. */
function referenceOf(document: EFileDocument): string {
  const { file } = document;
  return [
    `uri=${file.uri ?? ''}`,
    `source=${document.source}:${document.sourceId}`,
    `fileName=${file.fileName}`,
    `mediaType=${file.mediaType}`,
    `size=${file.sizeBytes}`,
    `sha256=${file.sha256.toUpperCase()}`,
    '',
  ].join('\n');
}
