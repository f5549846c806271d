import { formatVnDateTime, PROCESSING_SLIP, type ProcessingStepKind } from '@hoso/contracts';
import type { SlipDrawer, SlipFacts } from '@hoso/domain';
import { pdfaText, pdfaTextDigest, type TextBlock, type TextMeta } from './pdfa-text';

// The processing-control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Form 05 of Circular
// 01/2018/TT-VPCP, printed on A5) of a dossier, drawn from the e-file's processing history as PDF/A-2b with
// DejaVu Sans embedded (it has every Vietnamese glyph) by the plain-text writer, fast enough to draw one for
// every revision of every e-file. The same facts give the same bytes: the e-file lists the slip by its
// checksum, and the package draws it again.

/** A5 in points, with the margin the slip keeps. */
const A5 = { width: 419.53, height: 595.28, margin: 36 };

const STEP_LABELS: Record<ProcessingStepKind, string> = {
  received: 'Tiếp nhận hồ sơ',
  supplement_requested: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  supplemented: 'Nhận hồ sơ bổ sung',
  transferred: 'Chuyển hồ sơ',
  resolved: 'Giải quyết hồ sơ',
  returned: 'Trả kết quả',
  refused: 'Từ chối giải quyết',
  withdrawn: 'Rút hồ sơ',
  stopped: 'Dừng giải quyết',
};

export interface ProcessingSlip {
  bytes: Buffer;
  pages: number;
  /** The day of its last step, YYYY-MM-DD: the slip's date as a document of the file. */
  date: string;
}

/** The slip of a file, headed by the agency's name (the slip document's organName), or null with no history. */
export function processingSlip(facts: SlipFacts, organName: string): ProcessingSlip | null {
  const drawn = slipText(facts, organName);
  return drawn && { ...pdfaText(drawn.blocks, A5, drawn.meta), date: drawn.date };
}

/** What the e-file lists of the slip: its size, checksum, pages and date, without the bytes. */
export const processingSlipDigest: SlipDrawer = (facts, organName) => {
  const drawn = slipText(facts, organName);
  return drawn && { ...pdfaTextDigest(drawn.blocks, A5, drawn.meta), date: drawn.date };
};

/** The slip's paragraphs and metadata, and its date. */
function slipText(facts: SlipFacts, organName: string) {
  const steps = facts.processing;
  if (steps.length === 0) return null;
  const last = steps.at(-1)!.at;
  const blocks: TextBlock[] = [];
  const text = (value: string, options: { bold?: boolean; size?: number; align?: 'center' | 'left' } = {}) =>
    blocks.push({ text: value, size: options.size ?? 8.5, bold: options.bold, align: options.align });
  const moveDown = (lines = 1) => blocks.push({ gap: lines });

  text(organName.toUpperCase(), { bold: true, align: 'center' });
  text('BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', { align: 'center' });
  text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, align: 'center' });
  text('Độc lập - Tự do - Hạnh phúc', { align: 'center' });
  moveDown();
  text(PROCESSING_SLIP.subject.toUpperCase(), { bold: true, size: 11, align: 'center' });
  moveDown(0.5);
  const { dossier } = facts;
  text(`Mã hồ sơ: ${dossier.dossierCode}`);
  text(`Mã hồ sơ lưu trữ: ${facts.fileCode}`);
  if (dossier.procedureName) text(`Thủ tục: ${dossier.procedureCode ?? ''} ${dossier.procedureName}`.trim());
  if (dossier.applicant) text(`Người nộp: ${dossier.applicant.fullName}`);
  if (dossier.receivedAt) text(`Ngày tiếp nhận: ${vnTime(dossier.receivedAt)}`);
  if (dossier.dueAt) text(`Ngày hẹn trả kết quả: ${vnTime(dossier.dueAt)}`);
  moveDown(0.5);

  steps.forEach((step, i) => {
    text(`${i + 1}. ${STEP_LABELS[step.kind]}: ${vnTime(step.at)}`, { bold: true });
    if (step.from || step.to) text(`Giao: ${step.from ?? '—'}. Nhận: ${step.to ?? '—'}`);
    if (step.by) text(`Người thực hiện: ${step.by.fullName}`);
    if (step.onTime !== null) text(`Kết quả: ${step.onTime ? 'Đúng hạn' : 'Quá hạn'}`);
    if (step.note) text(`Ghi chú: ${step.note}`);
    moveDown(0.3);
  });
  moveDown(0.5);
  text(
    `Lập từ lịch sử xử lý hồ sơ trên hệ thống một cửa điện tử (${PROCESSING_SLIP.basis}). Kết quả từng bước được so với ngày hẹn trả của hồ sơ.`,
    { size: 7 },
  );
  const meta: TextMeta = {
    title: `${PROCESSING_SLIP.subject} ${facts.dossier.dossierCode}`,
    author: organName,
    subject: PROCESSING_SLIP.basis,
    creator: 'hoso-bridge',
    date: new Date(Date.parse(last)),
  };
  return { blocks, meta, date: vnDay(last) };
}

/** 2026-03-02T08:15:00+07:00 → 08 giờ 15, ngày 02/03/2026 (Vietnam time). */
function vnTime(at: string): string {
  const local = formatVnDateTime(Date.parse(at));
  return `${local.slice(11, 13)} giờ ${local.slice(14, 16)}, ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

const vnDay = (at: string) => formatVnDateTime(Date.parse(at)).slice(0, 10);
