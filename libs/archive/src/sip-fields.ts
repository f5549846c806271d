import { createHash } from 'node:crypto';
import {
  type EFileAssembled,
  type EFileDocument,
  PHYSICAL_CONDITIONS,
  PROCESSING_SLIP,
} from '@hoso/contracts';
import { isFileCode, parseFileCode } from '@hoso/domain';

// The descriptive metadata of a Circular 05/2025/TT-BNV submission package (SIP_hoso, appendix III), read
// off an assembled e-file. Fields the events cannot fill are written empty, as the circular's sample does.

/** EAD.xml: the 18 file-level fields, in the circular's order. */
export const FILE_FIELDS = [
  'fileCode',
  'title',
  'maintenance',
  'mode',
  'language',
  'startDate',
  'endDate',
  'keyword',
  'totalDoc',
  'numberOfPaper',
  'numberOfPage',
  'format',
  'inforSign',
  'confidenceLevel',
  'paperFileCode',
  'riskRecovery',
  'riskRecoveryStatus',
  'description',
] as const;

/** EAD_DOC_<docId>.xml: the 21 fields of a text document, in the circular's order. */
export const DOCUMENT_FIELDS = [
  'docId',
  'docCode',
  'maintenance',
  'typeName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'organName',
  'subject',
  'language',
  'numberOfPage',
  'inforSign',
  'keyword',
  'mode',
  'confidenceLevel',
  'autograph',
  'format',
  'riskRecovery',
  'riskRecoveryStatus',
  'process',
  'description',
] as const;

export type FileFields = Record<(typeof FILE_FIELDS)[number], string>;
export type DocumentFields = Record<(typeof DOCUMENT_FIELDS)[number], string>;

const ROLE_LABELS: Record<EFileDocument['role'], string> = {
  application: 'Thành phần hồ sơ nộp',
  supplement: 'Thành phần hồ sơ bổ sung',
  intermediate: 'Văn bản trong quá trình giải quyết',
  result: 'Văn bản kết quả giải quyết',
  notice: 'Văn bản thông báo',
  processing_slip: `${PROCESSING_SLIP.subject} (${PROCESSING_SLIP.basis}), lập từ lịch sử xử lý trên hệ thống một cửa điện tử`,
};

/** What the package says of a file exported before it was classified (`--allow-unclassified`). */
export const UNCLASSIFIED_NOTE =
  'Hồ sơ chưa được phân loại theo danh mục hồ sơ; thời hạn bảo quản chưa xác định, nộp lưu theo yêu cầu của người vận hành';

/** A file without a lawful retention yet goes as 07 (Khác), with the note above saying why. */
const retentionCode = (efile: EFileAssembled) => efile.maintenance?.code ?? '07';

/** The file's EAD fields; the fond code (mã phông) is the agency's at its archive, when it has one. */
export function fileFields(efile: EFileAssembled, fondCode: string | null = null): FileFields {
  const { dossier, paperFile = null } = efile;
  const notes = [
    `Người lập hồ sơ: ${efile.creator.fullName}`,
    fondCode ? `Mã phông: ${fondCode}` : '',
    `Mã hồ sơ thủ tục hành chính: ${dossier.dossierCode}`,
    dossier.procedureCode
      ? `Thủ tục: ${dossier.procedureCode}${dossier.procedureName ? ` ${dossier.procedureName}` : ''}`
      : '',
    efile.description ?? '',
    ...(efile.classified === false ? [UNCLASSIFIED_NOTE] : []),
    ...(efile.aliases?.length ? [`Mã hồ sơ trước khi phân loại lại: ${efile.aliases.join(', ')}`] : []),
  ];
  return {
    fileCode: efile.fileCode,
    title: efile.title,
    maintenance: retentionCode(efile),
    mode: efile.mode,
    language: languageCodes(efile.language),
    startDate: dayMonthYear(efile.startDate),
    endDate: dayMonthYear(efile.endDate),
    keyword: keywordsWithin(efile.keywords, 100),
    totalDoc: String(efile.docTotal),
    // Sheets, physical condition and the paper file's code describe the paper a digitized file was scanned
    // from; revisions emitted before the e-file carried it have none.
    numberOfPaper: paperFile ? String(paperFile.sheets) : '',
    numberOfPage: String(efile.pageTotal),
    format: paperFile?.condition ?? '',
    inforSign: '',
    confidenceLevel: efile.confidenceLevel,
    paperFileCode: paperFile?.paperFileCode ?? '',
    // The bridge keeps no backup copies of its own; the archive records its backup regime on intake.
    riskRecovery: '0',
    riskRecoveryStatus: '',
    description: joinWithin(notes, '. ', 2000),
  };
}

/** A document's identifier holds at most 25 characters (Circular 05/2025/TT-BNV appendix III, EAD_doc docId). */
export const MAX_DOC_ID = 25;

/**
 * The document's id in the package: the file code and the document's ordinal, as in the circular's sample,
 * made to fit 25 characters when it does not. The full form stays in docCode (file code + 7-digit ordinal).
 */
export function docIdOf(
  efile: Pick<EFileAssembled, 'fileCode'>,
  document: Pick<EFileDocument, 'docOrdinal'>,
) {
  const ordinal = String(document.docOrdinal);
  const full = `${efile.fileCode}.${ordinal}`;
  if (full.length <= MAX_DOC_ID || !isFileCode(efile.fileCode)) return full;
  const { organId, fileCatalog, fileNotation } = parseFileCode(efile.fileCode);
  // The agency code's four groups have fixed widths (3.2.2.3), so its dots go without ambiguity.
  const agency = organId.replaceAll('.', '');
  const compact = `${agency}.${fileCatalog}.${fileNotation}.${ordinal}`;
  if (compact.length <= MAX_DOC_ID) return compact;
  // A long number and symbol: a digest of the file code (20 or more base-36 digits) keeps it unique.
  const digest = BigInt(`0x${createHash('sha256').update(efile.fileCode).digest('hex')}`).toString(36);
  return `${digest.slice(0, MAX_DOC_ID - ordinal.length - 1).toUpperCase()}.${ordinal}`;
}

export function documentFields(efile: EFileAssembled, document: EFileDocument): DocumentFields {
  // EAD_DOC has no field for these Decree 30/2020 Appendix VI II facts, so its note carries them, the
  // shortest first; the e-file itself keeps each whole.
  // Revisions emitted before recipients, priority, arrival and signatures were carried have none of them.
  const { signer, arrival = null, priority = null, recipients = [], paperOriginal = null } = document;
  const signatures = document.file.signatures ?? [];
  const notes = [
    ROLE_LABELS[document.role],
    document.source === 'qlvb' ? `Mã định danh văn bản: ${document.sourceId}` : '',
    signer ? `Người ký: ${signer.position} ${signer.fullName}` : '',
    document.status === 'revoked' ? 'Văn bản đã bị thu hồi' : '',
    priority !== null ? `Độ khẩn, độ mật: ${priority}` : '',
    arrival
      ? `Số đến: ${arrival.number}, ngày đến: ${dayMonthYear(arrival.date)}, nơi gửi: ${arrival.fromOrgan.organName}`
      : '',
    ...signatures.map(
      (s) =>
        `Chữ ký số ${s.kind === 'organization' ? 'của cơ quan' : 'cá nhân'}: ${s.signer}, ${s.signedAt}, số sê-ri ${s.certificateSerial}`,
    ),
    recipients.length > 0 ? `Nơi nhận: ${recipients.map((r) => r.organName).join('; ')}` : '',
    document.place ? `Địa danh: ${document.place}` : '',
    document.dueDate ? `Hạn xử lý: ${dayMonthYear(document.dueDate)}` : '',
    document.trace?.length
      ? `Liên thông qua: ${document.trace.map((t) => `${t.organId} (${t.at})`).join('; ')}`
      : '',
    paperOriginal
      ? `Bản giấy gốc: ${paperOriginal.sheets} tờ, tình trạng ${PHYSICAL_CONDITIONS[paperOriginal.condition].toLowerCase()}, lưu tại ${paperOriginal.location}`
      : '',
  ];
  return {
    docId: docIdOf(efile, document),
    docCode: document.docCode,
    maintenance: retentionCode(efile),
    typeName: document.typeCode,
    codeNumber: document.number ?? '',
    codeNotation: document.notation ?? '',
    issuedDate: dayMonthYear(document.issuedDate),
    organName: document.organName,
    subject: document.subject,
    language: languageCodes(document.language),
    numberOfPage: String(document.pageCount),
    inforSign: '',
    keyword: '',
    mode: document.mode,
    confidenceLevel: document.confidenceLevel,
    autograph: '',
    format: paperOriginal?.condition ?? '',
    riskRecovery: '0',
    riskRecoveryStatus: '',
    // 1 means a processing-workflow file is attached: the slip is one; the document system sends none.
    process: document.role === 'processing_slip' ? '1' : '0',
    description: joinWithin(notes, '. ', 500),
  };
}

/** 2026-03-05 → 05/03/2026 */
export function dayMonthYear(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

// ISO 639-1 as the events give it → the circular's language codes (01-11), pairs with Vietnamese included.
const SINGLE: Record<string, string> = { vi: '01', en: '02', fr: '03', ru: '04', zh: '05' };
const WITH_VIETNAMESE: Record<string, string> = { en: '06', ru: '07', fr: '08', zh: '10' };
const OTHER_LANGUAGE = '11';

/** "vi" → "01"; "vi,en" → "06" (Vietnamese-English); "en,fr" → "02,03"; anything unknown → "11". */
export function languageCodes(language: string): string {
  const given = [
    ...new Set(
      language
        .toLowerCase()
        .split(/[\s,;/+]+/)
        .filter(Boolean)
        .map((tag) => tag.split('-')[0]!),
    ),
  ];
  if (given.length === 2 && given.includes('vi')) {
    const pair = WITH_VIETNAMESE[given.find((tag) => tag !== 'vi')!];
    if (pair) return pair;
  }
  const codes = [...new Set(given.map((tag) => SINGLE[tag] ?? OTHER_LANGUAGE))].sort();
  return codes.length > 0 ? codes.join(',') : SINGLE.vi!;
}

/** As many whole keywords as fit, separated by "; ". */
function keywordsWithin(keywords: readonly string[], max: number): string {
  let text = '';
  for (const keyword of keywords) {
    const next = text ? `${text}; ${keyword}` : keyword;
    if ([...next].length > max) break;
    text = next;
  }
  return text;
}

/** The non-empty parts joined, cut at `max` characters (the legal length) with an ellipsis. */
function joinWithin(parts: readonly string[], separator: string, max: number): string {
  const chars = [...parts.filter(Boolean).join(separator)];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
