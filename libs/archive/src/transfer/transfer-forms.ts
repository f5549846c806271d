import { CONFIDENCE_LEVELS, DOCUMENT_TYPES, formatVnDateTime, RETENTION } from '@hoso/contracts';
import { vietnameseNumberWords } from '@hoso/domain';
import { UNCLASSIFIED_NOTE } from '../sip-fields';
import type { PackageRecords } from '../verify/verify-sip';

// The paperwork of a transfer to the agency archive, in the forms of Decree 30/2020/NĐ-CP Appendix V: the
// inventory of files (III, mục lục hồ sơ, tài liệu nộp lưu), the index of each file's documents (IV, mục
// lục văn bản, tài liệu trong hồ sơ) and the handover record (V, biên bản giao nhận hồ sơ, tài liệu), read
// off the packages themselves, so that they list what was transferred and nothing else. Rendered as XLSX
// and PDF/A by transfer-render.ts.

export interface FormTable {
  /** A line above the table: the file a document index belongs to. */
  caption?: string;
  /** The form's columns, with their share of the line's width. */
  columns: ReadonlyArray<{ label: string; width: number }>;
  rows: string[][];
}

/** One form, as both renderings lay it out. */
export interface TransferForm {
  /** The name of its files, without extension. */
  name: string;
  /** Which form of which appendix it is. */
  basis: string;
  agencyName: string;
  title: string;
  subtitle: string[];
  paragraphs: string[];
  tables: FormTable[];
  /** Where and when it was drawn up, and who signs it. */
  dated: string;
  signatures: string[];
  /** Landscape for the wide indexes. */
  landscape: boolean;
}

/** A person who signs for one side of the handover, when the operator names them. */
export interface Signatory {
  fullName: string;
  position: string;
}

export interface TransferInput {
  agencyName: string;
  year: string;
  packages: readonly PackageRecords[];
  /** The unit's person handing over, and the archive's person receiving; dotted lines when not given. */
  handedOverBy?: Signatory | null;
  receivedBy?: Signatory | null;
  /** The day the paperwork is drawn up. */
  at: Date;
  /** Sheets of the inventory as printed, for the handover record's "kèm theo" line. */
  inventorySheets?: number;
}

export const FILE_INDEX = 'muc-luc-ho-so-nop-luu';
export const DOCUMENT_INDEX = 'muc-luc-van-ban';
export const HANDOVER_RECORD = 'bien-ban-giao-nhan';

const DOTS = '……………………………………';

/** The columns of Mẫu III, as the form heads them, with a share of the line each. */
const FILE_INDEX_COLUMNS = [
  { label: 'Số TT', width: 5 },
  { label: 'Số, ký hiệu hồ sơ', width: 17 },
  { label: 'Tiêu đề hồ sơ', width: 36 },
  { label: 'Thời gian tài liệu', width: 13 },
  { label: 'Thời hạn bảo quản', width: 9 },
  { label: 'Số tờ/ Số trang', width: 9 },
  { label: 'Ghi chú', width: 11 },
];

/** The columns of Mẫu IV. */
const DOCUMENT_INDEX_COLUMNS = [
  { label: 'STT', width: 5 },
  { label: 'Số, ký hiệu văn bản', width: 12 },
  { label: 'Ngày tháng năm văn bản', width: 10 },
  { label: 'Tên loại và trích yếu nội dung văn bản', width: 38 },
  { label: 'Tác giả văn bản', width: 16 },
  { label: 'Tờ số/ Trang số', width: 8 },
  { label: 'Ghi chú', width: 11 },
];

/** Mẫu III: one line per file, with its sheets and pages. */
export function fileIndexForm(input: TransferInput): TransferForm {
  const files = [...input.packages].sort(byFileCode);
  return {
    name: FILE_INDEX,
    basis: 'Mẫu III, Phụ lục V, Nghị định số 30/2020/NĐ-CP',
    agencyName: input.agencyName,
    title: 'MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU',
    subtitle: [
      input.agencyName,
      `Năm ${input.year}`,
      `Mục lục này gồm: ${files.length} hồ sơ (đơn vị bảo quản).`,
      `Viết bằng chữ: ${vietnameseNumberWords(files.length).toLowerCase()} hồ sơ (đơn vị bảo quản).`,
    ],
    paragraphs: [],
    tables: [
      {
        columns: FILE_INDEX_COLUMNS,
        rows: files.map(({ file }, i) => [
          String(i + 1),
          file.fileCode ?? '',
          file.title ?? '',
          `${file.startDate ?? ''} - ${file.endDate ?? ''}`,
          RETENTION[file.maintenance as keyof typeof RETENTION] ?? '',
          sheetsAndPages(file.numberOfPaper, file.numberOfPage),
          [
            CONFIDENCE_LEVELS[file.confidenceLevel as keyof typeof CONFIDENCE_LEVELS],
            (file.description ?? '').includes(UNCLASSIFIED_NOTE) ? 'chưa phân loại' : '',
          ]
            .filter(Boolean)
            .join('; '),
        ]),
      },
    ],
    dated: datedLine(input.at),
    signatures: ['NGƯỜI LẬP\n(Ký và ghi rõ họ và tên, chức vụ)'],
    landscape: true,
  };
}

/** Mẫu IV: the documents of each file in order, with the sheets or pages each occupies. */
export function documentIndexForm(input: TransferInput): TransferForm {
  return {
    name: DOCUMENT_INDEX,
    basis: 'Mẫu IV, Phụ lục V, Nghị định số 30/2020/NĐ-CP',
    agencyName: input.agencyName,
    title: 'MỤC LỤC VĂN BẢN, TÀI LIỆU',
    subtitle: [`Năm ${input.year}`],
    paragraphs: [],
    tables: [...input.packages].sort(byFileCode).map(({ file, documents }) => {
      let page = 0;
      return {
        caption: `Số, ký hiệu hồ sơ: ${file.fileCode ?? ''}. ${file.title ?? ''}`,
        columns: DOCUMENT_INDEX_COLUMNS,
        rows: documents.map((d, i) => {
          const pages = Number(d.numberOfPage ?? 0);
          const range = pages > 0 ? `${page + 1}${pages > 1 ? `-${page + pages}` : ''}` : '';
          page += pages;
          const type = DOCUMENT_TYPES[d.typeName as keyof typeof DOCUMENT_TYPES] ?? '';
          return [
            String(i + 1),
            [d.codeNumber, d.codeNotation].filter(Boolean).join('/'),
            d.issuedDate ?? '',
            type ? `${type}: ${d.subject ?? ''}` : (d.subject ?? ''),
            d.organName ?? '',
            range,
            [d.confidenceLevel === '02' ? 'Bản số hóa' : '', d.process === '1' ? 'Tệp quy trình xử lý' : '']
              .filter(Boolean)
              .join('; '),
          ];
        }),
      };
    }),
    dated: datedLine(input.at),
    signatures: ['NGƯỜI LẬP\n(Ký và ghi rõ họ và tên, chức vụ)'],
    landscape: true,
  };
}

/** Mẫu V: who handed what over to whom, with the counts of files, data files and paper sheets. */
export function handoverForm(input: TransferInput): TransferForm {
  const files = input.packages.map((p) => p.file);
  const starts = files
    .map((f) => isoOf(f.startDate))
    .filter(Boolean)
    .sort();
  const ends = files
    .map((f) => isoOf(f.endDate))
    .filter(Boolean)
    .sort();
  const digitized = files.filter((f) => Number(f.numberOfPaper) > 0);
  const sheets = digitized.reduce((sum, f) => sum + Number(f.numberOfPaper), 0);
  const dataFiles = input.packages.reduce((sum, p) => sum + p.dataFiles, 0);
  const person = (who: Signatory | null | undefined) => [
    `Ông (bà): ${who?.fullName ?? DOTS}`,
    `Chức vụ công tác: ${who?.position ?? DOTS}`,
  ];
  const inventory = input.inventorySheets ? ` (${input.inventorySheets} tờ)` : '';
  return {
    name: HANDOVER_RECORD,
    basis: 'Mẫu V, Phụ lục V, Nghị định số 30/2020/NĐ-CP',
    agencyName: input.agencyName,
    title: 'BIÊN BẢN',
    subtitle: ['Giao nhận hồ sơ, tài liệu'],
    paragraphs: [
      'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;',
      `Căn cứ Danh mục hồ sơ năm ${input.year} của ${input.agencyName},`,
      'Chúng tôi gồm:',
      `BÊN GIAO: ${input.agencyName}`,
      ...person(input.handedOverBy),
      'BÊN NHẬN: Lưu trữ cơ quan',
      ...person(input.receivedBy),
      'Thống nhất lập biên bản giao nhận tài liệu với những nội dung như sau:',
      `1. Tên khối tài liệu giao nộp: Hồ sơ giải quyết thủ tục hành chính năm ${input.year} của ${input.agencyName}`,
      `2. Thời gian của hồ sơ, tài liệu: ${starts.length ? `${vnDate(starts[0]!)} - ${vnDate(ends.at(-1)!)}` : DOTS}`,
      '3. Số lượng tài liệu:',
      `a) Đối với hồ sơ, tài liệu giấy: không giao nộp kèm theo; bản giấy gốc của ${digitized.length} hồ sơ số hóa (${sheets} tờ) do bộ phận tiếp nhận lưu giữ.`,
      `b) Đối với hồ sơ, tài liệu điện tử: tổng số hồ sơ: ${files.length} (${vietnameseNumberWords(files.length).toLowerCase()}); tổng số tệp tin trong hồ sơ: ${dataFiles}.`,
      `4. Tình trạng tài liệu giao nộp: gói tin điện tử theo Thông tư số 05/2025/TT-BNV, mỗi gói kèm mã kiểm tra SHA-256 trong mục lục; ${conditionLine(files)}.`,
      `5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo${inventory}.`,
      'Biên bản này được lập thành hai bản; bên giao giữ một bản, bên nhận giữ một bản./.',
    ],
    tables: [],
    dated: datedLine(input.at),
    signatures: [
      'ĐẠI DIỆN BÊN GIAO\n(Ký và ghi rõ họ và tên)',
      'ĐẠI DIỆN BÊN NHẬN\n(Ký và ghi rõ họ và tên)',
    ],
    landscape: false,
  };
}

/** "12 tờ/ 24 trang" for a file with paper originals, "24 trang" for a born-digital one. */
function sheetsAndPages(sheets: string | undefined, pages: string | undefined): string {
  return sheets ? `${sheets} tờ/ ${pages ?? 0} trang` : `${pages ?? 0} trang`;
}

const CONDITIONS: Record<string, string> = { '01': 'tốt', '02': 'bình thường', '03': 'hỏng' };

/** How the paper originals of the digitized files are, by condition. */
function conditionLine(files: ReadonlyArray<PackageRecords['file']>): string {
  const counts = new Map<string, number>();
  for (const f of files) if (f.format) counts.set(f.format, (counts.get(f.format) ?? 0) + 1);
  if (counts.size === 0) return 'không có bản giấy gốc';
  const parts = [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, n]) => `${n} hồ sơ ${CONDITIONS[code] ?? code}`);
  return `bản giấy gốc: ${parts.join(', ')}`;
}

const byFileCode = (a: PackageRecords, b: PackageRecords) =>
  (a.file.fileCode ?? '') < (b.file.fileCode ?? '')
    ? -1
    : (a.file.fileCode ?? '') > (b.file.fileCode ?? '')
      ? 1
      : 0;

/** DD/MM/YYYY → YYYY-MM-DD, for ordering. */
const isoOf = (date: string | undefined) => (date ? date.split('/').reverse().join('-') : '');
const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** "…, ngày 05 tháng 03 năm 2027", in Vietnam time. */
function datedLine(at: Date): string {
  const local = formatVnDateTime(at.getTime());
  return `……………, ngày ${local.slice(8, 10)} tháng ${local.slice(5, 7)} năm ${local.slice(0, 4)}`;
}
