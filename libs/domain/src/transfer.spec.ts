import {
  archiveCounts,
  codeHeldSince,
  type FileTransfer,
  type Attempt,
  destructionSchedule,
  receiptEffect,
  transferDates,
  transferDeadlines,
  transferAlert,
  transferState,
} from './transfer';

const vn = (text: string) => new Date(`${text}+07:00`);
const attempt = (over: Partial<Attempt> = {}): Attempt => ({
  packageId: 'uuid-1',
  fileCode: 'H17.2026.01.TP',
  revision: 1,
  sentAt: vn('2027-03-01T09:00:00'),
  outcome: null,
  reasons: [],
  answeredAt: null,
  ...over,
});

describe('transfer dates (Archives Law 2024 Điều 17; Decree 30/2020 Điều 30 and Appendix VI)', () => {
  it('is due in the year after the work ended, by its 31 December, with a warning 30 days before', () => {
    const dates = transferDates({ endDate: '2026-05-10', retention: '06' });
    expect(dates.dueFrom).toEqual(vn('2027-01-01T00:00:00'));
    expect(dates.dueBy).toBe('2027-12-31');
    // Overdue from the first instant of 2028 in Vietnam, which is 17:00 UTC on 31 December.
    expect(dates.overdueAt.toISOString()).toBe('2027-12-31T17:00:00.000Z');
    expect(dates.warnAt).toEqual(vn('2027-12-02T00:00:00'));
  });

  it('counts from the year, not the day: work ended on 31 December or 1 January makes a year of difference', () => {
    expect(transferDates({ endDate: '2026-12-31', retention: '06' }).dueBy).toBe('2027-12-31');
    expect(transferDates({ endDate: '2027-01-01', retention: '06' }).dueBy).toBe('2028-12-31');
  });

  it('sends permanent files to the historical archive within 5 years of the year they reached the current one', () => {
    const facts = { endDate: '2026-05-10', retention: '01' as const };
    expect(transferDates(facts).historicalDueBy).toBe('2032-12-31');
    // Taken late, in 2028: five years from then.
    expect(transferDates(facts, 2028).historicalDueBy).toBe('2033-12-31');
    expect(transferDates(facts, 2028).historicalWarnAt).toEqual(vn('2033-12-02T00:00:00'));
    expect(transferDates({ endDate: '2026-05-10', retention: '05' }).historicalDueBy).toBeNull();
  });

  it('runs a fixed retention out at the end of its last year; permanent and 07 never run out', () => {
    expect(transferDates({ endDate: '2026-05-10', retention: '06' }).expiresOn).toBe('2037-01-01');
    expect(transferDates({ endDate: '2026-05-10', retention: '02' }).expiresOn).toBe('2097-01-01');
    expect(transferDates({ endDate: '2026-05-10', retention: '01' }).expiresOn).toBeNull();
    expect(transferDates({ endDate: '2026-05-10', retention: '07' }).expiresOn).toBeNull();
    expect(transferDates({ endDate: '2026-05-10', retention: null }).expiresOn).toBeNull();
  });

  it('stores the warning, the overdue instant and, for permanent files, the historical warning as deadlines', () => {
    expect(transferDeadlines('D1', { endDate: '2026-05-10', retention: '06' }).map((d) => d.kind)).toEqual([
      'transfer_soon',
      'transfer_overdue',
    ]);
    const permanent = transferDeadlines('D1', { endDate: '2026-05-10', retention: '01' });
    expect(permanent.find((d) => d.kind === 'historical_soon')!.dueAt).toEqual(vn('2032-12-02T00:00:00'));
  });
});

describe('transferState', () => {
  const facts = { endDate: '2026-05-10', retention: '06' as const };

  it('follows the calendar while nothing was sent', () => {
    expect(transferState(facts, [], vn('2026-12-31T23:59:59'))).toBe('not_yet_due');
    expect(transferState(facts, [], vn('2027-01-01T00:00:00'))).toBe('due');
    expect(transferState(facts, [], vn('2027-12-31T23:59:59'))).toBe('due');
    expect(transferState(facts, [], vn('2028-01-01T00:00:00'))).toBe('overdue');
  });

  it('is sent while a package waits, rejected after a refusal, accepted once any package is taken', () => {
    const now = vn('2027-06-01T00:00:00');
    expect(transferState(facts, [attempt()], now)).toBe('sent');
    const rejected = attempt({ outcome: 'rejected', reasons: [{ code: 'R1', text: 'x' }] });
    expect(transferState(facts, [rejected], now)).toBe('rejected');
    expect(transferState(facts, [rejected, attempt({ packageId: 'uuid-2' })], now)).toBe('sent');
    expect(transferState(facts, [rejected, attempt({ packageId: 'uuid-2', outcome: 'accepted' })], now)).toBe(
      'accepted',
    );
    // The law's clock does not stop for a refusal.
    expect(transferState(facts, [rejected], vn('2028-01-02T00:00:00'))).toBe('overdue');
  });
});

describe('codeHeldSince', () => {
  it('holds the code from the first package the archive holds or took, and frees it when all were refused', () => {
    const first = attempt({ packageId: 'a', sentAt: vn('2027-03-01T09:00:00') });
    const second = attempt({ packageId: 'b', sentAt: vn('2027-04-01T09:00:00') });
    expect(codeHeldSince([first])).toEqual(first.sentAt);
    expect(codeHeldSince([{ ...first, outcome: 'rejected' }])).toBeNull();
    expect(codeHeldSince([{ ...first, outcome: 'rejected' }, second])).toEqual(second.sentAt);
    // A refusal after an accepted package leaves the file in the archive.
    expect(
      codeHeldSince([
        { ...first, outcome: 'accepted' },
        { ...second, outcome: 'rejected' },
      ]),
    ).toEqual(first.sentAt);
  });
});

describe('receiptEffect', () => {
  const answer = { fileCode: 'H17.2026.01.TP', revision: 1, outcome: 'accepted' as const, reasons: [] };

  it('records a first answer, and knows a repeated or contradicting one', () => {
    expect(receiptEffect(undefined, answer)).toEqual({ kind: 'unknown_package' });
    expect(receiptEffect(attempt(), answer)).toEqual({ kind: 'record' });
    expect(receiptEffect(attempt({ outcome: 'accepted' }), answer)).toEqual({ kind: 'duplicate' });
    expect(receiptEffect(attempt({ outcome: 'rejected' }), answer).kind).toBe('conflict');
    expect(receiptEffect(attempt(), { ...answer, revision: 2 }).kind).toBe('mismatch');
  });
});

describe('archiveCounts and destructionSchedule', () => {
  const file = (over: Partial<FileTransfer>): FileTransfer => ({
    dossierCode: 'D',
    fileCode: 'F',
    agencyCode: 'A',
    endDate: '2026-05-10',
    retention: '06',
    classified: true,
    digitized: false,
    missingFields: 0,
    attempts: [],
    ...over,
  });

  it('counts each file once by state, and the reasons given most often first', () => {
    const reason = (code: string) => ({ code, text: `lý do ${code}` });
    const files = [
      file({ attempts: [attempt({ outcome: 'accepted' })], retention: '01', digitized: true }),
      file({ attempts: [attempt({ outcome: 'rejected', reasons: [reason('B'), reason('A')] })] }),
      file({ attempts: [attempt({ outcome: 'rejected', reasons: [reason('B')] })], classified: false }),
      file({ retention: null, classified: false, missingFields: 2 }),
      file({ endDate: '2025-03-01' }),
    ];
    const counts = archiveCounts(files, vn('2027-06-01T00:00:00'));
    expect(counts).toMatchObject({
      files: 5,
      accepted: 1,
      rejected: 2,
      due: 1,
      overdue: 1,
      notYetDue: 0,
      sent: 0,
      defaultClassified: 2,
      permanent: 1,
      fixedTerm: 3,
      digitized: 1,
      missingFields: 1,
      defaultClassifiedRate: 0.4,
      digitizationRate: 0.2,
    });
    expect(counts.reasons.map((r) => [r.code, r.count])).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
  });

  it('lists only fixed-term files whose retention ran out', () => {
    const files = [
      file({ fileCode: 'ten', endDate: '2015-06-01', retention: '06' }),
      file({ fileCode: 'twenty', endDate: '2015-06-01', retention: '05' }),
      file({ fileCode: 'forever', endDate: '1990-06-01', retention: '01' }),
    ];
    expect(destructionSchedule(files, vn('2025-12-31T23:59:59')).map((f) => f.fileCode)).toEqual([]);
    expect(destructionSchedule(files, vn('2026-01-01T00:00:00')).map((f) => f.fileCode)).toEqual(['ten']);
  });
});

describe('transferAlert', () => {
  const facts = { endDate: '2026-05-10', retention: '01' as const };

  it('warns and alerts overdue unless the archive took the file; reminds of the historical archive', () => {
    const now = vn('2027-12-02T00:00:00');
    expect(transferAlert('transfer_soon', facts, [], now)).toEqual({
      kind: 'transfer_due_soon',
      detail: 'due at the current archive by 2027-12-31 (Archives Law 2024 Điều 17); its transfer is due',
    });
    const accepted = [attempt({ outcome: 'accepted', answeredAt: vn('2028-02-01T10:00:00') })];
    expect(transferAlert('transfer_overdue', facts, accepted, now)).toBeNull();
    expect(transferAlert('transfer_overdue', facts, [], vn('2028-01-01T00:00:00'))!.kind).toBe(
      'transfer_overdue',
    );
    // Taken in 2028: five years from then.
    expect(transferAlert('historical_soon', facts, accepted, now)!.detail).toContain('2033-12-31');
    expect(transferAlert('historical_soon', { ...facts, retention: '06' }, [], now)).toBeNull();
  });
});
