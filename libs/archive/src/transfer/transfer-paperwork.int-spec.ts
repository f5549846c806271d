import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { efileOf, sipDossier, zipOf } from '@test/fixtures';
import { drawnByBridge } from '@hoso/contracts';
import ExcelJS from 'exceljs';
import type { FetchedBinary } from '../binaries';
import { buildSip, sha256Of } from '../sip-package';
import { pdfaProblems } from '../verify/pdfa';
import { type PackageRecords, readPackageRecords } from '../verify/verify-sip';
import { documentIndexForm, fileIndexForm, handoverForm } from './transfer-forms';
import { renderTransferPaperwork } from './transfer-render';

// The transfer paperwork of two packaged files, read back from their ZIPs: the forms count what the packages
// hold, the PDFs are PDF/A-2b by veraPDF, and the workbooks hold the same rows.

const AT = new Date('2027-03-05T02:00:00Z');
let dir: string;
let packages: PackageRecords[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoso-paperwork-test-'));
  packages = [];
  for (const [seed, fileCode, packageUuid] of [
    ['tp2', '000.00.20.H17.2026.02.HT', '3b0f7c2e-5d41-4a8e-9f10-2c6d7e8f9a01'],
    ['tp1', '000.00.20.H17.2026.01.HT', '7a1e2d3c-4b5a-4c6d-8e7f-9a0b1c2d3e4f'],
  ] as const) {
    const dossier = sipDossier(seed, 'http://files.invalid');
    const efile = efileOf(dossier.events, dossier.dossierCode, fileCode);
    const binaries = new Map<string, FetchedBinary>();
    for (const document of efile.documents.filter((d) => !drawnByBridge(d))) {
      const bytes = dossier.binaries.get(new URL(document.file.uri!).pathname)!;
      const path = join(dir, `${sha256Of(bytes)}.bin`);
      await writeFile(path, bytes);
      binaries.set(document.docCode, { path, size: bytes.length, sha256: sha256Of(bytes) });
    }
    const sip = buildSip({
      efile,
      agencyName: 'UBND phường Hải Châu',
      fondCode: 'H17.01',
      binaries,
      packageUuid,
      createdAt: AT,
    });
    packages.push(await readPackageRecords(await zipOf(sip)));
  }
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const input = () => ({
  agencyName: 'UBND phường Hải Châu',
  year: '2026',
  packages,
  handedOverBy: { fullName: 'Trần Văn Bình', position: 'Công chức Văn phòng - Thống kê' },
  at: AT,
});

describe('the transfer paperwork (Decree 30/2020 Appendix V)', () => {
  it('reads each package back: its agency, its file and its documents in order', () => {
    const first = packages.find((p) => p.file.fileCode === '000.00.20.H17.2026.01.HT')!;
    expect(first.agencyName).toBe('UBND phường Hải Châu');
    expect(first.documents.map((d) => d.docCode)).toEqual(
      first.documents.map((_, i) => `000.00.20.H17.2026.01.HT.${String(i + 1).padStart(7, '0')}`),
    );
    expect(first.dataFiles).toBe(Number(first.file.totalDoc));
  });

  it('lists the files in code order, in figures and words, with sheets and pages', () => {
    const form = fileIndexForm(input());
    expect(form.subtitle).toContain('Viết bằng chữ: hai hồ sơ (đơn vị bảo quản).');
    const rows = form.tables[0]!.rows;
    expect(rows.map((r) => r[1])).toEqual(['000.00.20.H17.2026.01.HT', '000.00.20.H17.2026.02.HT']);
    const file = packages.find((p) => p.file.fileCode === rows[0]![1])!.file;
    expect(rows[0]![5]).toBe(`${file.numberOfPaper} tờ/ ${file.numberOfPage} trang`);
    expect(rows[0]![4]).toBe('Vĩnh viễn');
  });

  it('gives each document the pages it occupies in its file, the slip last', () => {
    const table = documentIndexForm(input()).tables[0]!;
    const first = packages.find((p) => p.file.fileCode === '000.00.20.H17.2026.01.HT')!;
    const records = first.documents;
    let next = 1;
    table.rows.forEach((row, i) => {
      const pages = Number(records[i]!.numberOfPage);
      expect(row[5]).toBe(pages === 0 ? '' : pages === 1 ? `${next}` : `${next}-${next + pages - 1}`);
      next += pages;
    });
    expect(next - 1).toBe(Number(first.file.numberOfPage));
    expect(table.rows.at(-1)![6]).toBe('Tệp quy trình xử lý');
  });

  it('counts files, data files and paper sheets in the handover record, and names who hands over', () => {
    const text = handoverForm({ ...input(), inventorySheets: 1 }).paragraphs.join('\n');
    const dataFiles = packages.reduce((n, p) => n + p.dataFiles, 0);
    const sheets = packages.reduce((n, p) => n + Number(p.file.numberOfPaper || 0), 0);
    expect(text).toContain(`tổng số hồ sơ: 2 (hai); tổng số tệp tin trong hồ sơ: ${dataFiles}.`);
    expect(text).toContain(`bản giấy gốc của 2 hồ sơ số hóa (${sheets} tờ)`);
    expect(text).toContain('Ông (bà): Trần Văn Bình');
    expect(text).toContain('5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo (1 tờ).');
  });

  it('renders every form as PDF/A-2b (veraPDF) and as a workbook of the same rows', async () => {
    const files = await renderTransferPaperwork(input());
    expect(files.map((f) => f.fileName)).toEqual([
      'muc-luc-ho-so-nop-luu.pdf',
      'muc-luc-ho-so-nop-luu.xlsx',
      'muc-luc-van-ban.pdf',
      'muc-luc-van-ban.xlsx',
      'bien-ban-giao-nhan.pdf',
      'bien-ban-giao-nhan.xlsx',
    ]);
    const pdfs = [];
    for (const file of files.filter((f) => f.fileName.endsWith('.pdf'))) {
      const path = join(dir, file.fileName);
      await writeFile(path, file.bytes);
      pdfs.push({ path: file.fileName, file: path });
    }
    expect(await pdfaProblems(pdfs)).toEqual([]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files[1]!.bytes as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    for (const row of fileIndexForm(input()).tables[0]!.rows) {
      for (const value of row.filter(Boolean)) expect(cells).toContain(value);
    }
  }, 120_000);
});
