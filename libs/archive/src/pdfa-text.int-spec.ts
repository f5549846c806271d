import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { pdfaText, pdfaTextDigest, type TextBlock } from './pdfa-text';
import { pdfaProblems } from './verify/pdfa';

// The plain-text PDF/A-2b writer: veraPDF passes what it writes, long text flows onto more pages, and the
// same blocks give the same bytes.

const PAGE = { width: 419.53, height: 595.28, margin: 36 };
const META = {
  title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  author: 'UBND phường Hải Châu',
  subject: 'Mẫu số 05, Thông tư 01/2018/TT-VPCP',
  creator: 'hoso-bridge',
  date: new Date('2026-03-06T02:10:00Z'),
};

/** Forty steps of Vietnamese text, a word longer than a line, a line break, and a character outside the fonts' subset (Greek). */
const BLOCKS: TextBlock[] = [
  { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', size: 8.5, bold: true, align: 'center' },
  { text: 'Độc lập - Tự do - Hạnh phúc', size: 8.5, align: 'center' },
  { gap: 1 },
  ...Array.from({ length: 40 }, (_, i) => ({
    text: `${i + 1}. Tiếp nhận hồ sơ: 08 giờ 15, ngày 02/03/2026 — người thực hiện Nguyễn Thị Ánh Tuyết,\nbộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân phường`,
    size: 8.5,
  })),
  { text: 'x'.repeat(400), size: 8.5 },
  { text: 'Ghi chú: Ω', size: 7 },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoso-pdfa-text-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pdfaText', () => {
  it('writes PDF/A-2b that veraPDF passes, on as many pages as the text takes', async () => {
    const { bytes, pages } = pdfaText(BLOCKS, PAGE, META);
    const file = join(dir, 'long.pdf');
    await writeFile(file, bytes);
    expect(await pdfaProblems([{ path: 'long.pdf', file }])).toEqual([]);
    expect(pages).toBeGreaterThan(1);
    const read = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(read.getPageCount()).toBe(pages);
    expect(read.getPage(0).getSize()).toEqual({ width: PAGE.width, height: PAGE.height });
  });

  it('writes a short text on one page', () => {
    expect(pdfaText([{ text: 'Trả kết quả', size: 8.5 }], PAGE, META).pages).toBe(1);
  });

  it('gives the same bytes for the same blocks, and others for other text', () => {
    const [a, b] = [pdfaText(BLOCKS, PAGE, META), pdfaText(BLOCKS, PAGE, META)];
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const other = pdfaText([...BLOCKS.slice(0, -1), { text: 'Ghi chú: khác', size: 7 }], PAGE, META);
    expect(other.bytes.equals(a.bytes)).toBe(false);
  });

  it('says the size, SHA-256 and pages of what it writes without writing it', () => {
    const { bytes, pages } = pdfaText(BLOCKS, PAGE, META);
    expect(pdfaTextDigest(BLOCKS, PAGE, META)).toEqual({
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pages,
    });
  });
});
