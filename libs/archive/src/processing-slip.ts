import {
  type EFileAssembled,
  formatVnDateTime,
  type ProcessingStep,
  type ProcessingStepKind,
} from '@hoso/contracts';
import { pdfaText, type TextBlock } from './pdfa-text';

// The processing-control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Form 05 of Circular
// 01/2018/TT-VPCP, printed on A5) of a dossier, drawn from the e-file's processing history as PDF/A-2b with
// DejaVu Sans embedded (it has every Vietnamese glyph) by the plain-text writer, fast enough to draw one for
// every revision of every e-file. The same facts give the same bytes.

export const SLIP_SUBJECT = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';
export const SLIP_BASIS = 'Mẫu số 05, Thông tư 01/2018/TT-VPCP';

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

/** The slip of an e-file, or null when it holds no processing history (revisions emitted before it did). */
export function processingSlip(efile: EFileAssembled, agencyName: string | null): ProcessingSlip | null {
  const steps: readonly ProcessingStep[] = efile.processing ?? [];
  if (steps.length === 0) return null;
  const last = steps.at(-1)!.at;
  const blocks: TextBlock[] = [];
  const text = (value: string, options: { bold?: boolean; size?: number; align?: 'center' | 'left' } = {}) =>
    blocks.push({ text: value, size: options.size ?? 8.5, bold: options.bold, align: options.align });
  const moveDown = (lines = 1) => blocks.push({ gap: lines });

  text((agencyName ?? efile.organId).toUpperCase(), { bold: true, align: 'center' });
  text('BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', { align: 'center' });
  text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, align: 'center' });
  text('Độc lập - Tự do - Hạnh phúc', { align: 'center' });
  moveDown();
  text(SLIP_SUBJECT.toUpperCase(), { bold: true, size: 11, align: 'center' });
  moveDown(0.5);
  const { dossier } = efile;
  text(`Mã hồ sơ: ${dossier.dossierCode}`);
  text(`Mã hồ sơ lưu trữ: ${efile.fileCode}`);
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
    `Lập từ lịch sử xử lý hồ sơ trên hệ thống một cửa điện tử (${SLIP_BASIS}). Kết quả từng bước được so với ngày hẹn trả của hồ sơ.`,
    { size: 7 },
  );
  const { bytes, pages } = pdfaText(blocks, A5, {
    title: `${SLIP_SUBJECT} ${efile.dossier.dossierCode}`,
    author: agencyName ?? efile.organId,
    subject: SLIP_BASIS,
    creator: 'hoso-bridge',
    date: new Date(Date.parse(last)),
  });
  return { bytes, pages, date: vnDay(last) };
}

/** 2026-03-02T08:15:00+07:00 → 08 giờ 15, ngày 02/03/2026 (Vietnam time). */
function vnTime(at: string): string {
  const local = formatVnDateTime(Date.parse(at));
  return `${local.slice(11, 13)} giờ ${local.slice(14, 16)}, ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

const vnDay = (at: string) => formatVnDateTime(Date.parse(at)).slice(0, 10);
