import { FILE_PLAN as PLAN } from '@test/fixtures';
import { fileNotation } from './file-code';
import { filePlanProblems, planFor, renderTitle } from './file-plan';

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
    expect(problems.join('\n')).toMatch(/heading must be 1-15/);
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

  it('should keep a title within 1,000 characters', () => {
    expect(renderTitle('Hồ sơ {x}', { x: 'a'.repeat(2000) })).toHaveLength(1000);
    expect(renderTitle('Hồ sơ {missing}  của {name}', { name: 'An' })).toBe('Hồ sơ của An');
  });

  it('should refuse a file notation over 20 characters', () => {
    expect(fileNotation('05.HT', 7)).toBe('05.HT.0007');
    expect(() => fileNotation('ABCDEFGHIJKLMNO', 123456)).toThrow(/longer than 20/);
  });
});
