import { TcpProxy, throwawayMariaDb, type TestDatabase } from '@test/support';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { preparedQuery } from './sql';

describe('prepared statements on MariaDB', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await throwawayMariaDb('prepared');
    const config = database.config as Extract<TestDatabase['config'], { kind: 'mysql' }>;
    const url = new URL(config.url);
    proxy = await TcpProxy.start(Number(url.port || 3306), url.hostname);
    url.port = String(proxy.port);
    // A short deadline, through the proxy, so the test can silence the database.
    dataSource = await new DataSource(
      dataSourceOptions({ ...config, url: url.toString(), queryTimeoutMs: 1500 }),
    ).initialize();
    await dataSource.query(
      'CREATE TABLE t (id INT PRIMARY KEY, body MEDIUMTEXT, bytes BLOB, at DATETIME(3))',
    );
  });
  afterAll(async () => {
    await dataSource.destroy().catch(() => undefined);
    await proxy.close();
    await database.dispose();
  });

  it('should write text, bytes and dates exactly as a plain query would', async () => {
    const at = new Date('2026-03-02T01:15:00.123Z');
    await dataSource.transaction((manager) =>
      preparedQuery(manager, 'INSERT INTO t (id, body, bytes, at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [
        1,
        "Nguyễn Thị Minh Anh'; DROP TABLE t; --",
        Buffer.from([0, 0xff, 0x7b]),
        at,
        2,
        null,
        null,
        null,
      ]),
    );
    const rows = await dataSource.query<
      Array<{ id: number; body: string | null; bytes: Buffer | null; at: Date | null }>
    >('SELECT id, body, bytes, at FROM t ORDER BY id');
    expect(rows).toEqual([
      { id: 1, body: "Nguyễn Thị Minh Anh'; DROP TABLE t; --", bytes: Buffer.from([0, 0xff, 0x7b]), at },
      { id: 2, body: null, bytes: null, at: null },
    ]);
  });

  it('should fail by its deadline when the database falls silent, even a statement not prepared yet', async () => {
    const manager = dataSource.createQueryRunner().manager;
    await manager.queryRunner!.connect();
    proxy.silence();
    const started = Date.now();
    // A shape never prepared on this connection: mysql2 prepares it first, with no deadline of its own.
    await expect(preparedQuery(manager, 'SELECT ? + ? + ? AS n', [1, 2, 3])).rejects.toThrow(
      'Query inactivity timeout',
    );
    // The deadline, not some later network timeout, ended it.
    expect(Date.now() - started).toBeLessThan(30_000);
    proxy.restore();
    await manager.queryRunner!.release();
  });
});
