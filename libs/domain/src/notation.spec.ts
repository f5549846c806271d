import { documentMatchKey, notationKey } from './notation';

describe('notationKey', () => {
  it.each([
    ['123', 'QĐ-UBND'],
    ['123 ', ' QĐ-UBND'],
    ['Số 123', 'QĐ-UBND'],
    ['số: 123', 'QD-UBND'],
    ['', '123/QĐ-UBND'],
    ['', '123 /QĐ-UBND'],
    ['', 'Số 123/QD-UBND'],
    ['123', '123/QĐ-UBND'],
    ['0123', 'qđ-ubnd'],
    ['123', 'QĐ – UBND'],
    ['123', 'QĐ—UBND'],
    ['123', 'QĐ-UBND'.normalize('NFD')],
    ['123', 'Qđ - Ubnd'],
  ])('should read number %j and notation %j as 123/QD-UBND', (number, notation) => {
    expect(notationKey(number, notation)).toBe('123/QD-UBND');
  });

  it.each([
    ['124', 'QĐ-UBND'],
    ['123', 'QĐ-HĐND'],
    ['123', 'TB-UBND'],
  ])('should keep %j %j apart from 123/QĐ-UBND', (number, notation) => {
    expect(notationKey(number, notation)).not.toBe('123/QD-UBND');
  });

  it('should keep letters that are part of the number', () => {
    expect(notationKey('12a', 'QĐ-UBND')).toBe('12A/QD-UBND');
  });
});

describe('documentMatchKey', () => {
  it('should scope a notation by issuing agency and year of issue', () => {
    const key = documentMatchKey('000.00.20.H17', '2026-03-05', '123', 'QĐ-UBND');
    expect(key).toBe('000.00.20.H17|2026|123/QD-UBND');
    expect(documentMatchKey('000.00.21.H17', '2026-03-05', '123', 'QĐ-UBND')).not.toBe(key);
    expect(documentMatchKey('000.00.20.H17', '2025-03-05', '123', 'QĐ-UBND')).not.toBe(key);
  });
});
