import { type AgencyStatistics } from '@hoso/contracts';
import { Workbook } from 'exceljs';
import { agencyTableCsv, agencyTableXlsx, daysIn, matching, periodOf, totalOf } from './statistics';

const agency = (
  code: string,
  name: string | null,
  counts: Partial<AgencyStatistics> = {},
): AgencyStatistics => ({
  agencyCode: code,
  agencyName: name,
  received: 0,
  resolved: 0,
  efiles: 0,
  efileRate: null,
  onTime: 0,
  officials: 0,
  outgoingDocuments: 0,
  incomingDocuments: 0,
  overdue: 0,
  unmatched: 0,
  needsClassification: 0,
  ...counts,
});

const AGENCIES = [
  agency('000.00.10.H17', 'UBND phường Hải Châu', {
    received: 10,
    resolved: 8,
    efiles: 6,
    onTime: 3,
    overdue: 1,
  }),
  agency('000.00.01.H17', 'Sở Tư pháp, "Đà Nẵng"', { received: 5, resolved: 2, efiles: 2, onTime: 2 }),
  agency('000.00.99.H17', null, { unmatched: 4 }),
];

describe('agency statistics', () => {
  it('should sum every count and take the rates over the sums, not as an average of rates', () => {
    expect(totalOf(AGENCIES)).toMatchObject({
      received: 15,
      resolved: 10,
      efiles: 8,
      onTime: 5,
      overdue: 1,
      unmatched: 4,
      efileRate: 0.8,
      onTimeRate: 5 / 8,
    });
    expect(totalOf([])).toMatchObject({ received: 0, efileRate: null, onTimeRate: null });
  });

  it.each([
    ['hai chau', ['000.00.10.H17']],
    ['HẢI CHÂU', ['000.00.10.H17']],
    ['so tu phap', ['000.00.01.H17']],
    ['da nang', ['000.00.01.H17']],
    ['00.99', ['000.00.99.H17']],
    ['', ['000.00.10.H17', '000.00.01.H17', '000.00.99.H17']],
    ['quảng nam', []],
  ])('should find %j with or without diacritics', (text, codes) => {
    expect(matching(AGENCIES, text).map((a) => a.agencyCode)).toEqual(codes);
  });

  it('should default to the 30 days up to the given day, and count both ends', () => {
    expect(periodOf({ to: '2026-03-31' })).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(daysIn({ from: '2026-03-01', to: '2026-03-31' })).toBe(31);
    expect(daysIn({ from: '2026-03-02', to: '2026-03-01' })).toBe(0);
  });

  it('should write CSV that a spreadsheet reads: a byte-order mark, quoted commas and quotes, empty nulls', () => {
    const lines = agencyTableCsv(AGENCIES, 'vi').split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFMã cơ quan,Tên cơ quan,')).toBe(true);
    expect(lines[2]).toBe('000.00.01.H17,"Sở Tư pháp, ""Đà Nẵng""",5,2,2,,2,0,0,0,0,0,0');
    expect(lines[3]!.startsWith('000.00.99.H17,,0')).toBe(true);
    expect(lines).toHaveLength(AGENCIES.length + 2);
    expect(agencyTableCsv([], 'en')).toMatch(/^\uFEFFAgency code,Agency,Dossiers received/);
  });

  it('should write an XLSX workbook with the headings in the chosen language and one row per agency', async () => {
    const workbook = new Workbook();
    const bytes = await agencyTableXlsx(AGENCIES, 'en', { from: '2026-03-01', to: '2026-03-31' });
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Agency code');
    expect(sheet.rowCount).toBe(AGENCIES.length + 1);
    expect(sheet.getRow(2).getCell(2).value).toBe('UBND phường Hải Châu');
  });
});
