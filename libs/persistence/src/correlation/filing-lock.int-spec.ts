import { throwawayMariaDb, useMigratedDatabase, waitFor } from '@test/support';

describe('the filing lock on MariaDB (READ COMMITTED transactions)', () => {
  const db = useMigratedDatabase(() => throwawayMariaDb('filing-lock'));

  const waitingForALock = async () =>
    Number(
      (
        await db.dataSource.query<Array<{ n: number | string }>>(
          "SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'",
        )
      )[0]!.n,
    ) > 0;

  it('should hold a second filing transaction back until the first commits, then show it what the first wrote', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstHasLock!: () => void;
    const locked = new Promise<void>((resolve) => (firstHasLock = resolve));
    const order: string[] = [];

    const first = db.transactions.run(async (uow) => {
      await uow.takeFilingLock();
      firstHasLock();
      await uow.manager.query("INSERT INTO dossier_named (dossier_code, match_key) VALUES ('D-1', 'K-1')");
      await held;
      order.push('first commits');
    });
    await locked;
    const second = db.transactions.run(async (uow) => {
      await uow.takeFilingLock();
      order.push('second has the lock');
      return uow.manager.query<Array<{ code: string }>>(
        "SELECT dossier_code AS code FROM dossier_named WHERE match_key = 'K-1'",
      );
    });
    // The second is blocked on the lock row, not merely slow.
    await waitFor('the second transaction to wait for the filing lock', waitingForALock, {
      timeoutMs: 60_000,
    });
    expect(order).toEqual([]);
    release();
    await first;
    expect(await second).toEqual([{ code: 'D-1' }]);
    expect(order).toEqual(['first commits', 'second has the lock']);
  });

  it('should let transactions that only store events run side by side', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.transactions.run(async (uow) => {
      await uow.manager.query("INSERT INTO dossier_named (dossier_code, match_key) VALUES ('D-2', 'K-2')");
      await held;
    });
    // Not under the lock: the second neither waits for the first nor sees its uncommitted row.
    const seen = await db.transactions.run((uow) =>
      uow.manager.query<unknown[]>("SELECT dossier_code FROM dossier_named WHERE match_key = 'K-2'"),
    );
    expect(seen).toEqual([]);
    release();
    await first;
  });
});
