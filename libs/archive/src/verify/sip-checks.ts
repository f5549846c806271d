import { isFileCode, parseFileCode } from '@hoso/domain';
import { MAX_DOC_ID } from '../sip-fields';
import { MIN_SCAN_DPI } from './digitized-copy';
import { EXTENSIONS, sameMediaType, sniffMediaType } from './media-type';

/**
 * Every check `hoso export verify` makes, by the name its report gives, and what it asks of a package
 * (Circular 05/2025/TT-BNV appendix III, SIP_hoso). The first five are about the package as a container,
 * the rest about what its metadata means.
 */
export const SIP_CHECKS = {
  package: 'the ZIP is readable and holds one package folder with its METS.xml',
  xml: 'every METS file is well-formed XML',
  listing: 'every file a METS lists is in the package, and every file in it is listed',
  fixity: 'every listed file has the size and SHA-256 its METS gives',
  schema:
    "every METS file is valid METS 1.12.1, every EAD and EAD_DOC file valid against the circular's fields",
  'mets-profile':
    "every METS file follows the circular's METS profile: SHA-256 checksums, +07:00 times, the file groups used",
  'doc-total': 'totalDoc is the number of documents the package describes and holds',
  'page-total': "the file's numberOfPage is the sum of its documents'",
  'real-date': 'every date is a day of the calendar',
  'date-range': 'startDate is not after endDate, and every document is dated within them',
  'file-code':
    "fileCode is agency code, year and number/symbol (Decree 30/2020 Appendix VI), of the METS agent's agency, and what METS names",
  'doc-code': 'every docCode is the fileCode and a 7-digit ordinal, the ordinals running 1, 2, … once each',
  'doc-id': `every docId has at most ${MAX_DOC_ID} characters, ends in its document's ordinal, and names its files`,
  'doc-data':
    "every document's metadata is linked to exactly one data file, and every data file to a document",
  'media-type': 'every binary is what METS says it is, by its first bytes, and has a fitting extension',
  'confidence-level': "the file's confidenceLevel is 01 or 02 when all its documents are, else 03",
  'risk-recovery': 'riskRecoveryStatus is given exactly when riskRecovery is 1',
  'paper-original':
    'a digitized or mixed file gives its paper file: paperFileCode, numberOfPaper and format; a born-digital one none, and only digitized documents a format',
  scan: `every digitized document (confidenceLevel 02) is a PDF of 1.4 or later whose every page is a colour scan of at least ${MIN_SCAN_DPI} dpi`,
  'copy-signature':
    "every digitized document carries a signature (the agency's) over the whole file, whose digest and key verify",
  pdfa: 'every PDF conforms to the PDF/A part and level it claims (veraPDF)',
} as const;

export type SipCheckName = keyof typeof SIP_CHECKS;

/** One thing a check found wrong; `path` is the file of the package it is in, when it is in one. */
export interface SipProblem {
  check: SipCheckName;
  path: string | null;
  message: string;
}

export const describeProblem = (p: SipProblem) => `[${p.check}] ${p.path ? `${p.path}: ` : ''}${p.message}`;

/** The values of a <simpledc> record by field name. */
export type Fields = Readonly<Record<string, string>>;

/** What the meaning checks read of a package: its metadata, and the first bytes of each data file. */
export interface PackageView {
  file: { path: string; fields: Fields } | null;
  /** The agency codes of the METS agents (csip:NOTETYPE IDENTIFICATIONCODE). */
  agentCodes: ReadonlyArray<{ path: string; code: string }>;
  /** The root METS's altRecordID of TYPE SUBMISSIONAGREEMENT. */
  submission: { path: string; code: string } | null;
  documents: ReadonlyArray<{
    path: string;
    fields: Fields;
    data: ReadonlyArray<{ path: string; mimeType: string; head: Buffer }>;
  }>;
  /** Data files of the representation that no document's division links. */
  unlinkedData: readonly string[];
}

/** What the package's metadata says that cannot be so, each under the check that found it. */
export function meaningProblems(view: PackageView): SipProblem[] {
  const problems: SipProblem[] = [];
  const problem = (check: SipCheckName, path: string | null, message: string) =>
    problems.push({ check, path, message });
  const { file, documents } = view;

  for (const record of [...(file ? [file] : []), ...documents]) {
    for (const name of ['startDate', 'endDate', 'issuedDate']) {
      const value = record.fields[name];
      if (value && isImpossibleDate(value))
        problem('real-date', record.path, `${name} ${value} is no such day`);
    }
    const risk = record.fields.riskRecovery;
    const status = record.fields.riskRecoveryStatus ?? '';
    if (risk === '1' && status === '')
      problem('risk-recovery', record.path, 'riskRecovery is 1 but riskRecoveryStatus is empty');
    if (risk !== '1' && status !== '')
      problem(
        'risk-recovery',
        record.path,
        `riskRecoveryStatus ${status} with riskRecovery ${risk ?? 'missing'}`,
      );
  }

  for (const document of documents) {
    if (document.data.length !== 1) {
      problem('doc-data', document.path, `linked to ${document.data.length} data files, not 1`);
    }
    for (const data of document.data) problems.push(...mediaTypeProblems(data));
  }
  for (const path of view.unlinkedData) problem('doc-data', path, 'no document links this data file');

  if (!file) return problems;
  const fields = file.fields;
  const totalDoc = Number(fields.totalDoc);
  if (totalDoc !== documents.length)
    problem(
      'doc-total',
      file.path,
      `totalDoc is ${fields.totalDoc}, the package describes ${documents.length}`,
    );
  const dataFiles = documents.reduce((n, d) => n + d.data.length, 0) + view.unlinkedData.length;
  if (totalDoc !== dataFiles)
    problem(
      'doc-total',
      file.path,
      `totalDoc is ${fields.totalDoc}, the package holds ${dataFiles} data files`,
    );
  const pages = documents.reduce((sum, d) => sum + Number(d.fields.numberOfPage ?? 0), 0);
  if (Number(fields.numberOfPage) !== pages) {
    problem('page-total', file.path, `numberOfPage is ${fields.numberOfPage}, its documents have ${pages}`);
  }

  problems.push(...paperProblems(file, documents));
  problems.push(...dateRangeProblems(file, documents));
  problems.push(...codeProblems(view, file));

  const levels = new Set(documents.map((d) => d.fields.confidenceLevel));
  const expected = levels.size === 1 ? [...levels][0]! : '03';
  if (documents.length > 0 && fields.confidenceLevel !== expected) {
    problem(
      'confidence-level',
      file.path,
      `confidenceLevel is ${fields.confidenceLevel}, its documents' (${[...levels].sort().join(', ')}) make ${expected}`,
    );
  }
  return problems;
}

/** The paper originals' fields, which the circular fills for records digitized from paper only. */
function paperProblems(file: NonNullable<PackageView['file']>, documents: PackageView['documents']) {
  const problems: SipProblem[] = [];
  const problem = (path: string, message: string) =>
    problems.push({ check: 'paper-original', path, message });
  const { confidenceLevel, numberOfPaper = '', format = '', paperFileCode = '' } = file.fields;
  if (confidenceLevel === '02' || confidenceLevel === '03') {
    if (paperFileCode === '')
      problem(file.path, `a file of confidenceLevel ${confidenceLevel} has no paperFileCode`);
    if (!/^[1-9]\d*$/.test(numberOfPaper))
      problem(file.path, `numberOfPaper is "${numberOfPaper}", a digitized file counts its sheets`);
    if (format === '') problem(file.path, "a digitized file gives its paper's condition (format)");
  } else if (numberOfPaper !== '' || format !== '' || paperFileCode !== '') {
    problem(file.path, `a born-digital file (confidenceLevel ${confidenceLevel}) has paper fields`);
  }
  for (const document of documents) {
    const { confidenceLevel: level, format: condition = '' } = document.fields;
    if (level === '02' && condition === '')
      problem(document.path, "a digitized document gives its paper's condition (format)");
    if (level === '01' && condition !== '')
      problem(document.path, `a born-digital document has a paper condition (format ${condition})`);
  }
  return problems;
}

function dateRangeProblems(file: NonNullable<PackageView['file']>, documents: PackageView['documents']) {
  const problems: SipProblem[] = [];
  const start = isoOf(file.fields.startDate);
  const end = isoOf(file.fields.endDate);
  if (!start || !end) return problems;
  if (start > end) {
    problems.push({
      check: 'date-range',
      path: file.path,
      message: `startDate ${file.fields.startDate} is after endDate ${file.fields.endDate}`,
    });
  }
  for (const document of documents) {
    const issued = isoOf(document.fields.issuedDate);
    if (issued && (issued < start || issued > end)) {
      problems.push({
        check: 'date-range',
        path: document.path,
        message: `issuedDate ${document.fields.issuedDate} is outside the file's ${file.fields.startDate}–${file.fields.endDate}`,
      });
    }
  }
  return problems;
}

function codeProblems(view: PackageView, file: NonNullable<PackageView['file']>): SipProblem[] {
  const problems: SipProblem[] = [];
  const problem = (check: SipCheckName, path: string | null, message: string) =>
    problems.push({ check, path, message });
  const fileCode = file.fields.fileCode ?? '';
  if (!isFileCode(fileCode)) {
    problem('file-code', file.path, `fileCode ${fileCode} is not agency code.year.number.symbol`);
  } else {
    const { organId, fileCatalog } = parseFileCode(fileCode);
    for (const agent of view.agentCodes) {
      if (agent.code !== organId)
        problem('file-code', agent.path, `the agent's agency ${agent.code} is not the fileCode's ${organId}`);
    }
    const endYear = isoOf(file.fields.endDate)?.slice(0, 4);
    if (endYear && fileCatalog > endYear)
      problem(
        'file-code',
        file.path,
        `fileCode's year ${fileCatalog} is after the last document's, ${endYear}`,
      );
  }
  if (view.submission && view.submission.code !== fileCode) {
    problem(
      'file-code',
      view.submission.path,
      `altRecordID ${view.submission.code} is not the fileCode ${fileCode}`,
    );
  }

  const ordinals = new Map<number, string>();
  const docIds = new Map<string, string>();
  for (const document of view.documents) {
    const { docCode = '', docId = '' } = document.fields;
    const ordinal = docCode.startsWith(`${fileCode}.`)
      ? /^\d{7}$/.exec(docCode.slice(fileCode.length + 1))
      : null;
    if (!ordinal) {
      problem('doc-code', document.path, `docCode ${docCode} is not the fileCode ${fileCode} and 7 digits`);
    } else {
      const n = Number(ordinal[0]);
      if (ordinals.has(n)) problem('doc-code', document.path, `ordinal ${n} is also ${ordinals.get(n)}'s`);
      ordinals.set(n, document.path);
      if (!docId.endsWith(`.${n}`))
        problem('doc-id', document.path, `docId ${docId} does not end in the docCode's ordinal .${n}`);
    }
    if ([...docId].length > MAX_DOC_ID)
      problem(
        'doc-id',
        document.path,
        `docId ${docId} has ${[...docId].length} characters, over ${MAX_DOC_ID}`,
      );
    if (docIds.has(docId)) problem('doc-id', document.path, `docId ${docId} is also ${docIds.get(docId)}'s`);
    docIds.set(docId, document.path);
    const named = [document.path, ...document.data.map((d) => d.path)].filter(
      (path) =>
        !basename(path)
          .replace(/^EAD_DOC_/, '')
          .startsWith(`${docId}.`),
    );
    for (const path of named) problem('doc-id', path, `the file name does not carry the docId ${docId}`);
  }
  const missing = [...Array(view.documents.length).keys()].map((i) => i + 1).filter((n) => !ordinals.has(n));
  if (ordinals.size > 0 && missing.length > 0)
    problem('doc-code', file.path, `document ordinals ${missing.join(', ')} are missing`);
  return problems;
}

function mediaTypeProblems(data: { path: string; mimeType: string; head: Buffer }): SipProblem[] {
  const sniffed = sniffMediaType(data.head);
  const problems: SipProblem[] = [];
  if (!sameMediaType(data.mimeType, sniffed)) {
    problems.push({
      check: 'media-type',
      path: data.path,
      message: `METS says ${data.mimeType}, the bytes are ${sniffed ?? 'of no format an archive takes'}`,
    });
  }
  const extensions = EXTENSIONS[data.mimeType.toLowerCase()];
  const name = basename(data.path).toLowerCase();
  if (extensions && !extensions.some((extension) => name.endsWith(extension))) {
    problems.push({
      check: 'media-type',
      path: data.path,
      message: `a ${data.mimeType} file is named ${extensions.map((e) => `*${e}`).join(' or ')}`,
    });
  }
  return problems;
}

/** DD/MM/YYYY → YYYY-MM-DD when it is a day of the calendar, else null. */
function isoOf(date: string | undefined): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date ?? '');
  if (!match) return null;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A DD/MM/YYYY date that names no day (a date not in that pattern is the schema's to report). */
const isImpossibleDate = (date: string) => /^\d{2}\/\d{2}\/\d{4}$/.test(date) && isoOf(date) === null;

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
