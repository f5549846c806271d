import { createHash } from 'node:crypto';
import {
  type AccessMode,
  canonicalJson,
  DOCUMENT_TYPES,
  type DigitalSignature,
  type DocumentReceived,
  type DocumentRole,
  type DossierComponent,
  type EFileAssembled,
  type EFileDocument,
  type Organ,
  type PaperFile,
  PHYSICAL_CONDITIONS,
  PROCESSING_SLIP,
  type Provenance,
  RETENTION,
} from '@hoso/contracts';
import { type Member } from './correlation';
import { compare, type DossierFacts } from './facts';
import { docCodeOf, type FileCodeParts, fileCodeOf } from './file-code';
import { type PlanChoice, renderTitle } from './file-plan';
import { processingSteps } from './processing';

/** What `contentHash` covers: the file without revision, supersedes, completedBy and provenance. */
export type EFileContent = Omit<
  EFileAssembled,
  'revision' | 'supersedes' | 'completedBy' | 'contentHash' | 'provenance'
>;

export interface AssemblyInput {
  dossier: DossierFacts;
  members: readonly Member[];
  plan: PlanChoice;
  file: FileCodeParts;
  /** The file's earlier codes, before an operator reclassified it. */
  aliases?: readonly string[];
  /** Draws the processing-control slip; without one (the rules' own tests) the file lists none. */
  drawSlip?: SlipDrawer;
}

/** What the processing-control slip is drawn from: the file's code, its dossier and its processing history. */
export type SlipFacts = Pick<EFileContent, 'fileCode' | 'organId' | 'dossier' | 'processing'>;

/** The slip as drawn: what the file lists of its PDF. */
export interface SlipDrawing {
  sizeBytes: number;
  sha256: string;
  pages: number;
  /** YYYY-MM-DD, the day of its last step. */
  date: string;
}

/** Draws the slip of these facts under the agency's name (libs/archive), or null when there is no history. */
export type SlipDrawer = (facts: SlipFacts, organName: string) => SlipDrawing | null;

export interface Assembly {
  content: EFileContent;
  contentHash: string;
  provenance: Provenance[];
}

const ROLE_ORDER: DocumentRole[] = ['application', 'supplement', 'intermediate', 'result', 'notice'];
const UNKNOWN_OFFICIAL = { officialId: '-', fullName: 'Không xác định' };

type DraftDocument = Omit<EFileDocument, 'docOrdinal' | 'docCode'>;

/**
 * The electronic file of a dossier (docs/events.md section 6) from stored facts alone, so that the same facts
 * give the same file, and the same contentHash, whatever order they arrived in.
 */
export function assemble({ dossier, members, plan, file, aliases = [], drawSlip }: AssemblyInput): Assembly {
  const received = dossier.received;
  const procedure = dossier.procedure;
  const fileCode = fileCodeOf(file);
  const mode = plan.mode ?? accessModeOf(dossier);
  const named = new Set(dossier.namedKeys);
  const drafts = [
    ...componentDocuments(dossier, mode),
    ...members.map((m) => memberDocument(m, mode, named)),
  ].sort(
    (a, b) =>
      compare(a.issuedDate, b.issuedDate) ||
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      compare(a.source, b.source) ||
      compare(a.sourceId, b.sourceId),
  );
  const summary = dossierSummary(dossier);
  const processing = processingSteps(dossier);
  // The processing-control slip comes last: it records the whole history, the other documents' included.
  const organName = clip(received?.agencyName, 200) ?? file.organId;
  const slip = drawSlip?.({ fileCode, organId: file.organId, dossier: summary, processing }, organName);
  if (slip) drafts.push(slipDocument(dossier, slip, organName, mode));
  const documents: EFileDocument[] = drafts.map((draft, i) => ({
    docOrdinal: i + 1,
    docCode: docCodeOf(fileCode, i + 1),
    ...draft,
  }));

  // Decree 30/2020 Appendix VI dates a file by its documents; with none, by the dossier's own dates (an
  // operator may force a file that has only, say, a transfer: then by when that was sent).
  const dossierDates = [received?.receivedAt, dossier.resolved?.resolvedAt, dossier.terminal?.at].filter(
    (t): t is string => t !== undefined,
  );
  const dates =
    documents.length > 0
      ? documents.map((d) => d.issuedDate)
      : (dossierDates.length > 0 ? dossierDates : dossier.events.map((e) => e.time)).map((t) =>
          t.slice(0, 10),
        );
  const levels = new Set(documents.map((d) => d.confidenceLevel));
  const paperFile = paperFileOf(fileCode, documents);
  const undescribedPaper = documents.some((d) => d.confidenceLevel === '02' && d.paperOriginal === null);
  const title =
    renderTitle(plan.titleTemplate, {
      procedureName: procedure?.name,
      applicantName: received?.applicant.fullName,
      dossierCode: dossier.dossierCode,
      agencyName: received?.agencyName,
      summary: received?.summary,
      year: file.fileCatalog,
    }) ?? `${plan.headingTitle}, mã hồ sơ ${dossier.dossierCode}`;
  const creator = received?.receivedBy ?? dossier.resolved?.actor ?? dossier.transfers[0]?.actor;

  const content: EFileContent = {
    fileCode,
    organId: file.organId,
    fileCatalog: file.fileCatalog,
    fileNotation: file.fileNotation,
    title,
    maintenance: plan.retention === null ? null : { code: plan.retention, label: RETENTION[plan.retention] },
    classified: plan.classified,
    unknownFields: [
      ...(procedure ? [] : ['dossier.procedureCode', 'dossier.procedureName']),
      ...(received ? [] : ['dossier.applicant', 'dossier.channel', 'dossier.receivedAt', 'dossier.dueAt']),
      ...(plan.retention === null ? ['maintenance'] : []),
      ...(creator ? [] : ['creator']),
      ...(undescribedPaper ? ['paperFile'] : []),
    ],
    aliases: [...aliases],
    mode,
    language: 'vi',
    startDate: dates.reduce((a, b) => (b < a ? b : a)),
    endDate: dates.reduce((a, b) => (b > a ? b : a)),
    docTotal: documents.length,
    pageTotal: documents.reduce((sum, d) => sum + d.pageCount, 0),
    keywords: [...new Set([procedure?.sector, procedure?.name, plan.headingTitle])]
      .filter((k): k is string => Boolean(k))
      .map((k) => k.slice(0, 100)),
    confidenceLevel: levels.size === 0 ? '01' : levels.size > 1 ? '03' : [...levels][0]!,
    creator: creator ?? UNKNOWN_OFFICIAL,
    description: clip(
      received?.summary ?? dossier.refused?.reason ?? dossier.stopped?.reason ?? dossier.withdrawn?.reason,
      500,
    ),
    dossier: summary,
    documents,
    paperFile,
    processing,
  };
  const provenance = [...dossier.events, ...members.flatMap((m) => m.document.events)]
    .map(({ source, id, topic, partition, offset }) => ({ source, id, topic, partition, offset }))
    .sort((a, b) => compare(a.source, b.source) || compare(a.id, b.id));
  return { content, contentHash: contentHashOf(content), provenance };
}

/** The dossier as the file describes it. */
function dossierSummary(dossier: DossierFacts): EFileContent['dossier'] {
  const received = dossier.received;
  const procedure = dossier.procedure;
  return {
    dossierCode: dossier.dossierCode,
    procedureCode: procedure?.code ?? null,
    procedureName: procedure?.name ?? null,
    applicant: received?.applicant ?? null,
    channel: received?.channel ?? null,
    receivedAt: received?.receivedAt ?? null,
    dueAt: received?.dueAt ?? null,
    resolvedAt: dossier.resolved?.resolvedAt ?? null,
    returnedAt: dossier.returned?.returnedAt ?? null,
    outcome: dossier.resolved?.outcome ?? null,
    onTime: onTime(dossier),
  };
}

/** The processing-control slip as the file's document: born digital, issued by the agency on its last step. */
function slipDocument(
  dossier: DossierFacts,
  slip: SlipDrawing,
  organName: string,
  mode: AccessMode,
): DraftDocument {
  return {
    role: 'processing_slip',
    source: 'bridge',
    sourceId: `${dossier.dossierCode}/processing-slip`,
    typeCode: PROCESSING_SLIP.typeCode,
    typeName: DOCUMENT_TYPES[PROCESSING_SLIP.typeCode],
    number: null,
    notation: null,
    issuedDate: slip.date,
    organName,
    subject: PROCESSING_SLIP.subject,
    language: 'vi',
    pageCount: slip.pages,
    mode,
    confidenceLevel: '01',
    signer: null,
    recipients: [],
    priority: null,
    arrival: null,
    file: {
      fileName: PROCESSING_SLIP.fileName,
      mediaType: 'application/pdf',
      sizeBytes: slip.sizeBytes,
      sha256: slip.sha256,
      signatures: [],
    },
    paperOriginal: null,
    status: 'active',
  };
}

/**
 * A file that holds an applicant's personal data is conditional (02) unless its plan entry says
 * otherwise; only an organization known to have given no personal contact is public (01). The
 * project's reading of the personal-data rules (Decree 13/2023/NĐ-CP), not a code the circular fixes.
 */
export function accessModeOf(dossier: DossierFacts): AccessMode {
  const applicant = dossier.received?.applicant;
  const personal = !applicant || applicant.kind === 'citizen' || Boolean(applicant.phone ?? applicant.email);
  return personal ? '02' : '01';
}

export function contentHashOf(content: EFileContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * On time when processing ended (the first of refused, stopped, resolved, returned, withdrawn) by the
 * appointment date, and the applicant was asked to supplement at most once (the national portal's rule).
 */
export function onTime(dossier: DossierFacts): boolean | null {
  const due = dossier.received?.dueAt;
  const ends = [
    dossier.refused?.refusedAt,
    dossier.stopped?.stoppedAt,
    dossier.resolved?.resolvedAt,
    dossier.returned?.returnedAt,
    dossier.withdrawn?.withdrawnAt,
  ].filter((t): t is string => t !== undefined);
  if (!due || ends.length === 0) return null;
  const end = Math.min(...ends.map((t) => Date.parse(t)));
  return end <= Date.parse(due) && dossier.supplementRequests.length < 2;
}

/**
 * The paper file behind a digitized e-file: the sheets of every paper original its documents describe, in the
 * worst condition among them. The desk keeps the originals as the paper file of the same case, under the same
 * heading and number of the same file plan (Decree 30/2020/NĐ-CP Article 28 plans paper and electronic files
 * alike), so the paper file's code is the file's own.
 */
export function paperFileOf(
  fileCode: string,
  documents: readonly Pick<EFileDocument, 'paperOriginal'>[],
): PaperFile | null {
  const originals = documents.flatMap((d) => (d.paperOriginal ? [d.paperOriginal] : []));
  if (originals.length === 0) return null;
  const conditions = Object.keys(PHYSICAL_CONDITIONS) as PaperFile['condition'][];
  return {
    paperFileCode: fileCode,
    sheets: originals.reduce((sum, o) => sum + o.sheets, 0),
    condition: conditions[Math.max(...originals.map((o) => conditions.indexOf(o.condition)))]!,
  };
}

/**
 * The papers handed in at the one-stop desk, as documents of the file: issued by whom and when the desk
 * recorded, else by the applicant on the day they were handed in.
 */
function componentDocuments(dossier: DossierFacts, mode: AccessMode): DraftDocument[] {
  const received = dossier.received;
  const applicant = clip(received?.applicant.fullName, 200) ?? dossier.dossierCode;
  const drafts = new Map<string, DraftDocument>();
  const add = (component: DossierComponent, role: DocumentRole, at: string) => {
    const sourceId = `${dossier.dossierCode}/${component.componentId}`;
    drafts.set(sourceId, {
      role,
      source: 'motcua',
      sourceId,
      typeCode: '32',
      typeName: DOCUMENT_TYPES['32'],
      number: null,
      notation: null,
      issuedDate: component.issuedDate ?? at.slice(0, 10),
      organName: component.issuer ?? applicant,
      subject: clip(component.name, 500)!,
      language: 'vi',
      pageCount: component.pageCount ?? 0,
      mode,
      confidenceLevel: component.digitized ? '02' : '01',
      signer: null,
      recipients: [],
      priority: null,
      arrival: null,
      file: fileOf(component),
      paperOriginal: paperOriginalOf(component),
      status: 'active',
    });
  };
  for (const component of received?.components ?? []) add(component, 'application', received!.receivedAt);
  for (const supplement of dossier.supplements) {
    for (const component of supplement.components) add(component, 'supplement', supplement.supplementedAt);
  }
  return [...drafts.values()];
}

/** A document the resolution named is a result, whichever rule brought it into the file. */
function memberDocument({ document }: Member, mode: AccessMode, named: ReadonlySet<string>): DraftDocument {
  const base = document.base!.data;
  const received = document.base!.kind === 'received' ? (base as DocumentReceived) : null;
  const isResult = document.matchKey !== undefined && named.has(document.matchKey);
  return {
    role: isResult ? 'result' : base.typeCode === '07' ? 'notice' : 'intermediate',
    source: 'qlvb',
    sourceId: document.documentId,
    typeCode: base.typeCode,
    typeName: base.typeName,
    number: base.number,
    notation: base.notation,
    issuedDate: base.issuedDate,
    organName: base.organName,
    subject: base.subject,
    language: base.language,
    pageCount: base.pageCount,
    mode,
    confidenceLevel: '01',
    signer: base.signer,
    recipients: base.recipients.map(organOf),
    priority: base.priority ?? null,
    arrival: received
      ? { number: received.arrivalNumber, date: received.arrivalDate, fromOrgan: organOf(received.fromOrgan) }
      : null,
    // Only when the event says (an edXML message does): a file whose events say nothing keeps its hash.
    ...(base.place ? { place: base.place } : {}),
    ...(base.dueDate ? { dueDate: base.dueDate } : {}),
    ...(base.trace?.length ? { trace: base.trace.map(({ organId, at }) => ({ organId, at })) } : {}),
    file: fileOf(base.file),
    paperOriginal: null,
    status: document.revoked ? 'revoked' : 'active',
  };
}

function fileOf(file: {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uri?: string;
  signatures?: readonly DigitalSignature[];
}) {
  const { fileName, mediaType, sizeBytes, sha256, uri } = file;
  const signatures = (file.signatures ?? []).map(({ kind, signer, signedAt, certificateSerial }) => ({
    kind,
    signer,
    signedAt,
    certificateSerial,
  }));
  return uri === undefined
    ? { fileName, mediaType, sizeBytes, sha256, signatures }
    : { fileName, mediaType, sizeBytes, sha256, uri, signatures };
}

/** Only the fields the contract names, so that the content hash covers nothing else. */
function paperOriginalOf({ digitized, paperOriginal }: DossierComponent) {
  if (!digitized || !paperOriginal) return null;
  const { sheets, condition, location } = paperOriginal;
  return { sheets, condition, location };
}

/** An agency as the e-file names it: its code only when the event gave one. */
const organOf = ({ organId, organName }: Organ) =>
  organId === undefined ? { organName } : { organId, organName };

function clip(text: string | undefined, max: number): string | null {
  if (text === undefined) return null;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
