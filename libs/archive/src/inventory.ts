import { RETENTION } from '@hoso/contracts';
import { csvOf } from '@hoso/domain';
import { dayMonthYear } from './sip-fields';

/** One transferred file, a line of the inventory. */
/** The transfer's inventory (mục lục hồ sơ nộp lưu) as CSV, beside its packages. */
export const INVENTORY_FILE = 'muc-luc-ho-so-nop-luu.csv';

export interface InventoryLine {
  fileCode: string;
  title: string;
  startDate: string;
  endDate: string;
  /** Null for a file that still needs classification (exported with --allow-unclassified). */
  maintenance: { code: string; label: string } | null;
  docTotal: number;
  /** Sheets of the paper originals of a digitized file (EAD numberOfPaper); null for a born-digital one. */
  sheets: number | null;
  pageTotal: number;
  zipName: string;
  objid: string;
  zipSha256: string;
  /** Binaries left out of the package and recorded by reference (--metadata-only). */
  referenced: number;
}

const HEADINGS = [
  'Số TT',
  'Mã hồ sơ',
  'Tiêu đề hồ sơ',
  'Thời gian bắt đầu',
  'Thời gian kết thúc',
  'Thời hạn lưu trữ',
  'Số lượng văn bản',
  'Số lượng tờ',
  'Số lượng trang',
  'Gói tin (ZIP)',
  'Mã gói tin (OBJID)',
  'SHA-256 của gói tin',
  'Ghi chú',
];

/** The inventory of files transferred (mục lục hồ sơ nộp lưu) as CSV, in file-code order. */
export function inventoryCsv(lines: readonly InventoryLine[]): string {
  const sorted = [...lines].sort((a, b) => (a.fileCode < b.fileCode ? -1 : a.fileCode > b.fileCode ? 1 : 0));
  return csvOf([
    HEADINGS,
    ...sorted.map((line, i) => [
      i + 1,
      line.fileCode,
      line.title,
      dayMonthYear(line.startDate),
      dayMonthYear(line.endDate),
      line.maintenance
        ? `${line.maintenance.code} - ${RETENTION[line.maintenance.code as keyof typeof RETENTION] ?? line.maintenance.label}`
        : 'Chưa xác định (hồ sơ chưa phân loại)',
      line.docTotal,
      line.sheets ?? '',
      line.pageTotal,
      line.zipName,
      line.objid,
      line.zipSha256.toUpperCase(),
      line.referenced > 0 ? `${line.referenced} tài liệu chỉ ghi tham chiếu, chưa kèm tệp` : '',
    ]),
  ]);
}
