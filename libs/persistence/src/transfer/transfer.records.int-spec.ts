import { BOTH_DATABASES, useMigratedDatabase } from '@test/support';
import { DossierRecord } from '../correlation/correlation.entities';
import { type NewEFileTransfer } from './transfer.records';

const AGENCY = '000.00.20.H17';

const file = (dossierCode: string, over: Partial<NewEFileTransfer> = {}): NewEFileTransfer => ({
  dossierCode,
  fileCode: `${AGENCY}.2026.01.HT`,
  revision: 1,
  agencyCode: AGENCY,
  fileYear: 2026,
  title: 'Hồ sơ đăng ký khai sinh',
  endDate: '2026-03-10',
  retention: '01',
  classified: true,
  digitized: false,
  missingFields: 0,
  ...over,
});

describe.each(BOTH_DATABASES)('TransferRecords on %s', (_label, open) => {
  const db = useMigratedDatabase(() => open('transfers'));

  it("keeps each file's latest facts, by year and agency", async () => {
    await db.transactions.run((uow) => uow.transfers.note([file('D1'), file('D2', { fileYear: 2025 })]));
    await db.transactions.run((uow) =>
      uow.transfers.note([file('D1', { revision: 2, fileCode: `${AGENCY}.2026.02.CT`, retention: null })]),
    );
    const of2026 = await db.transactions.run((uow) => uow.transfers.filesOfYear(2026, [AGENCY]));
    expect(of2026.map((f) => [f.dossierCode, f.revision, f.fileCode, f.retention])).toEqual([
      ['D1', 2, `${AGENCY}.2026.02.CT`, null],
    ]);
    expect(await db.transactions.run((uow) => uow.transfers.filesOfYear(2026, ['000.00.21.H17']))).toEqual(
      [],
    );
  });

  it('records packages in the order they were sent, answers them, frees the code once none is held, and withdraws one that broke off', async () => {
    await db.dataSource.getRepository(DossierRecord).insert({
      dossierCode: 'D3',
      status: 'result_returned',
      updatedAt: new Date(),
    });
    const sentAt = new Date();
    const sent = (packageId: string, at: Date) =>
      db.transactions.run((uow) =>
        uow.transfers.sent({
          packageId,
          dossierCode: 'D3',
          fileCode: 'F',
          revision: 1,
          agencyCode: AGENCY,
          sentAt: at,
          sentBy: 'luu.tru',
        }),
      );
    // The second package a millisecond after the first, under an id that sorts before it.
    await sent('uuid-B', sentAt);
    await sent('uuid-A', new Date(sentAt.getTime() + 1));
    const dossier = () => db.dataSource.getRepository(DossierRecord).findOneByOrFail({ dossierCode: 'D3' });
    // Handed over: the file keeps its code (MariaDB keeps the second, SQLite the millisecond).
    expect(Math.abs((await dossier()).transferredAt!.getTime() - sentAt.getTime())).toBeLessThan(1000);
    await db.transactions.run(async (uow) => {
      await uow.transfers.answer('uuid-B', {
        outcome: 'rejected',
        reasons: [{ code: 'PHAN_LOAI', text: 'Chưa phân loại' }],
        answeredAt: new Date('2027-02-01T02:00:00Z'),
        archive: 'Lưu trữ',
        receiptId: 'r1',
      });
      await uow.transfers.holdCode('D3', null);
    });
    expect((await dossier()).transferredAt).toBeNull();
    const attempts = await db.transactions.run((uow) => uow.transfers.attemptsOfFile('D3'));
    expect(attempts).toEqual([
      expect.objectContaining({
        packageId: 'uuid-B',
        outcome: 'rejected',
        reasons: [{ code: 'PHAN_LOAI', text: 'Chưa phân loại' }],
      }),
      expect.objectContaining({ packageId: 'uuid-A', outcome: null, reasons: [] }),
    ]);
    const waiting = await db.transactions.run((uow) =>
      uow.transfers.unanswered({ limit: 10, within: [AGENCY] }),
    );
    expect([waiting.items.map((a) => a.packageId), waiting.next]).toEqual([['uuid-A'], null]);
    await db.transactions.run((uow) => uow.transfers.withdraw('uuid-A'));
    expect(
      (await db.transactions.run((uow) => uow.transfers.attemptsOfFile('D3'))).map((a) => a.packageId),
    ).toEqual(['uuid-B']);
  });

  it('finds the fixed-term files whose work ended before a day, for the destruction schedule', async () => {
    await db.transactions.run((uow) =>
      uow.transfers.note([
        file('OLD', { endDate: '2014-05-01', retention: '06' }),
        file('FOREVER', { endDate: '1990-05-01', retention: '01' }),
        file('NEW', { endDate: '2020-05-01', retention: '06' }),
      ]),
    );
    const found = await db.transactions.run((uow) => uow.transfers.fixedTermEndedBefore(null, '2016-01-01'));
    expect(found.map((f) => f.dossierCode)).toEqual(['OLD']);
  });
});
