import fc from 'fast-check';
import { dayMonthYear, docIdOf, languageCodes, MAX_DOC_ID } from './sip-fields';
import { derivedUuid, sipZipName, vnTimestamp } from './sip-package';

describe('the fields of a Circular 05/2025 package', () => {
  it.each([
    ['vi', '01'],
    ['VI', '01'],
    ['en', '02'],
    ['vi,en', '06'],
    ['en, vi', '06'],
    ['vi-VN;ru', '07'],
    ['vi/fr', '08'],
    ['vi+zh', '10'],
    ['fr,en', '02,03'],
    ['ja', '11'],
    ['vi,ja', '01,11'],
    ['', '01'],
  ])('writes the language %j as the code %j', (language, code) => {
    expect(languageCodes(language)).toBe(code);
  });

  it('writes dates as DD/MM/YYYY', () => {
    expect(dayMonthYear('2026-03-05')).toBe('05/03/2026');
    expect(dayMonthYear('2026-12-31T23:59:00+07:00')).toBe('31/12/2026');
  });

  it('writes times with milliseconds in Vietnam time (+07:00)', () => {
    expect(vnTimestamp(new Date('2026-06-12T04:45:37.690Z'))).toBe('2026-06-12T11:45:37.690+07:00');
    expect(vnTimestamp(new Date('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01T03:00:00.000+07:00');
  });

  it('derives ids inside a package that are UUIDs, stable, and distinct per name and package', () => {
    const uuid = /^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.string(), (packageUuid, a, b) => {
        expect(derivedUuid(packageUuid, a)).toMatch(uuid);
        expect(derivedUuid(packageUuid.toUpperCase(), a)).toBe(derivedUuid(packageUuid, a));
        if (a !== b) expect(derivedUuid(packageUuid, a)).not.toBe(derivedUuid(packageUuid, b));
      }),
    );
  });

  it("names the ZIP by the package's sequence in the transfer and its OBJID", () => {
    expect(sipZipName({ objid: 'uuid-0F203B84-6641-4CDA-9F52-DAAE55FEF6B1' }, 12)).toBe(
      '012-uuid-0F203B84-6641-4CDA-9F52-DAAE55FEF6B1.zip',
    );
  });

  it.each([
    ['000.00.20.H17.2026.1.A', 7, '000.00.20.H17.2026.1.A.7'],
    ['000.00.20.H17.2026.01.HT', 1, '0000020H17.2026.01.HT.1'],
    // Too long even without the agency code's dots: a digest of the file code.
    ['000.00.20.H17.2026.000123.TTHC-XD', 12, null],
  ])('fits the docId of %s/%d in 25 characters', (fileCode, ordinal, expected) => {
    const docId = docIdOf({ fileCode }, { docOrdinal: ordinal });
    if (expected) expect(docId).toBe(expected);
    expect(docId.length).toBeLessThanOrEqual(MAX_DOC_ID);
    expect(docId.endsWith(`.${ordinal}`)).toBe(true);
  });

  it('gives every file code of an agency its own docIds, each in 25 characters', () => {
    const fileCode = fc
      .tuple(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.stringMatching(/^[A-Z][A-Z0-9.-]{0,12}$/),
      )
      .map(([year, n, heading]) => `000.00.20.H17.${year}.${String(n).padStart(2, '0')}.${heading}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(fileCode, { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 1, max: 9999 }),
        (codes, ordinal) => {
          const docIds = codes.map((code) => docIdOf({ fileCode: code }, { docOrdinal: ordinal }));
          expect(new Set(docIds).size).toBe(codes.length);
          for (const docId of docIds) expect(docId.length).toBeLessThanOrEqual(MAX_DOC_ID);
        },
      ),
    );
  });
});
