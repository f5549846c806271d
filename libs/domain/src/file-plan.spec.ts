import { FILE_PLAN as PLAN } from '@test/fixtures';
import { fileNotation, parseFileNotation } from './file-code';
import {
  classificationProblem,
  counterOf,
  fileHeading,
  filePlanProblems,
  planFor,
  planHeadingFor,
  reclassificationProblem,
  renderTitle,
} from './file-plan';
import { aliasesAfter } from './revision';

describe('the file plan', () => {
  it('should accept a plan within the legal limits', () => {
    expect(filePlanProblems(PLAN)).toEqual([]);
  });

  it('should list every problem of a bad plan at once', () => {
    const bad = {
      ...PLAN,
      agency: 'UBND',
      entries: [
        {
          ...PLAN.entries[0]!,
          heading: 'A-HEADING-FAR-TOO-LONG',
          retention: '08' as '01',
          procedures: ['1.001193', 'x'],
        },
        { ...PLAN.entries[0]!, mode: '04' as '01', procedures: ['1.001193'] },
      ],
    };
    const problems = filePlanProblems(bad);
    expect(problems.join('\n')).toMatch(/agency must be/);
    expect(problems.join('\n')).toMatch(/heading must be 1-17/);
    expect(problems.join('\n')).toMatch(/retention must be a code 01-07/);
    expect(problems.join('\n')).toMatch(/mode must be 01, 02 or 03/);
    expect(problems.join('\n')).toMatch(/x, which is not a procedure code/);
    expect(problems.join('\n')).toMatch(/procedure 1.001193 is under both/);
  });

  it("should prefer an agency's own plan over the one for every agency, and a year's plan over an earlier one", () => {
    const own = { ...PLAN, agency: '000.00.20.H17', version: 'own' };
    expect(planFor([PLAN, own], '000.00.20.H17', 2026)?.version).toBe('own');
    expect(planFor([PLAN, own], '000.00.21.H17', 2026)?.version).toBe('test');
    expect(planFor([PLAN], '000.00.21.H17', 2027)?.year).toBe(2026);
    expect(planFor([PLAN, { ...PLAN, year: 2027 }], '000.00.21.H17', 2026)?.year).toBe(2026);
    expect(planFor([], '000.00.21.H17', 2026)).toBeUndefined();
  });

  it('should refuse a plan entry without a legal basis, or a title with a placeholder it does not know', () => {
    const bad = {
      ...PLAN,
      numbering: 'yearly' as 'whole-plan',
      ordinalWidth: 1,
      entries: [{ ...PLAN.entries[0]!, basis: ' ', titleTemplate: 'Hồ sơ {citizen}' }],
    };
    const problems = filePlanProblems(bad).join('\n');
    expect(problems).toMatch(/numbering must be per-heading or whole-plan/);
    expect(problems).toMatch(/ordinalWidth must be a whole number from 2/);
    expect(problems).toMatch(/entries\[0\]\.basis must name the legal basis/);
    expect(problems).toMatch(/unknown placeholder \{citizen\}/);
  });

  it('should keep a title within 1,000 characters', () => {
    expect(renderTitle('Hồ sơ {summary}', { summary: 'a'.repeat(2000) })).toHaveLength(1000);
  });

  it('should leave out a [part] whose facts are unknown, and give no title when a required one is', () => {
    const template = 'Hồ sơ {procedureName}[ của {applicantName}][, {agencyName}]';
    expect(renderTitle(template, { procedureName: 'Đăng ký khai sinh', applicantName: 'An' })).toBe(
      'Hồ sơ Đăng ký khai sinh của An',
    );
    expect(renderTitle(template, { procedureName: 'Đăng ký khai sinh' })).toBe('Hồ sơ Đăng ký khai sinh');
    expect(renderTitle(template, { applicantName: 'An' })).toBeUndefined();
  });

  it('should write the file notation as the ordinal from 01, then the heading symbol (Decree 30/2020 Appendix V I.2)', () => {
    expect(fileNotation(7, 'HT')).toBe('07.HT');
    expect(fileNotation(123, 'HT')).toBe('123.HT');
    expect(fileNotation(7, 'HT', 4)).toBe('0007.HT');
    expect(parseFileNotation('07.HT')).toEqual({ ordinal: 7, heading: 'HT' });
    expect(() => fileNotation(123456, 'ABCDEFGHIJKLMNO')).toThrow(/longer than 20/);
  });

  it('should number files within each large heading, or across the whole plan, as the plan says', () => {
    expect(counterOf(PLAN, 'XD')).toBe('XD');
    expect(counterOf({ ...PLAN, numbering: 'whole-plan' }, 'XD')).toBe('*');
  });

  it('should keep the heading a file is coded under, classified only where that heading has a retention', () => {
    expect(planHeadingFor(PLAN, '1.001193')).toMatchObject({ heading: 'XD', classified: true });
    expect(planHeadingFor(PLAN, '9.999999')).toMatchObject({ heading: 'TTHC', classified: false });
    expect(fileHeading(PLAN, '1.001193', 'TTHC')).toMatchObject({ heading: 'TTHC', classified: false });
    expect(fileHeading(PLAN, undefined, 'XD')).toMatchObject({ heading: 'XD', classified: true });
    const withoutRetention = { ...PLAN, entries: [{ ...PLAN.entries[0]!, retention: null }] };
    expect(planHeadingFor(withoutRetention, '1.001193')).toMatchObject({ heading: 'XD', classified: false });
  });

  it('should say why a file needs classification, and raise nothing while its procedure is merely unknown', () => {
    const permit = { code: '1.001193', name: 'Cấp giấy phép xây dựng' };
    const other = { code: '9.999999', name: 'Thủ tục khác' };
    const tthc = planHeadingFor(PLAN, undefined);
    expect(classificationProblem(PLAN, tthc, undefined, false)).toBeUndefined();
    expect(classificationProblem(PLAN, tthc, undefined, true)).toMatch(/no event named its procedure/);
    expect(classificationProblem(PLAN, planHeadingFor(PLAN, '1.001193'), permit, true)).toBeUndefined();
    expect(classificationProblem(PLAN, tthc, other, false)).toMatch(/has no heading in the 2026 file plan/);
    expect(classificationProblem(PLAN, tthc, permit, true)).toMatch(
      /puts procedure 1.001193 .* under XD: reclassify/,
    );
  });

  it('should let an operator reclassify a file under another heading of its plan, until it is transferred', () => {
    expect(reclassificationProblem(PLAN, 'TTHC', 'XD', null)).toBeUndefined();
    expect(reclassificationProblem(PLAN, 'XD', 'XD', null)).toMatch(/filed under XD already/);
    expect(reclassificationProblem(PLAN, 'TTHC', 'ZZ', null)).toMatch(/has no heading ZZ; it has TTHC, XD/);
    expect(reclassificationProblem(PLAN, 'TTHC', 'XD', new Date('2026-06-01T00:00:00Z'))).toMatch(
      /handed to the archive on 2026-06-01/,
    );
  });

  it("should keep a reclassified file's earlier codes as aliases, oldest first", () => {
    const previous = (fileCode: string, aliases: string[]) => ({
      revision: 2,
      contentHash: 'h',
      content: { fileCode, aliases } as never,
    });
    expect(aliasesAfter(undefined, 'A.2026.01.XD')).toEqual([]);
    expect(aliasesAfter(previous('A.2026.01.XD', []), 'A.2026.01.XD')).toEqual([]);
    expect(aliasesAfter(previous('A.2026.03.TTHC', []), 'A.2026.01.XD')).toEqual(['A.2026.03.TTHC']);
    expect(aliasesAfter(previous('A.2026.01.XD', ['A.2026.03.TTHC']), 'A.2026.02.HT')).toEqual([
      'A.2026.03.TTHC',
      'A.2026.01.XD',
    ]);
  });
});
