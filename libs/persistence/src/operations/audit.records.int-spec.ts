import { throwawayMariaDb, throwawaySqlite, useMigratedDatabase } from '@test/support';
import { UnitOfWork } from '../unit-of-work';
import { type AuditInput } from './audit-chain';

describe.each([
  ['MariaDB', throwawayMariaDb],
  ['SQLite', throwawaySqlite],
])('the audit trail on %s', (name, throwaway) => {
  const entry = (n: number): AuditInput => ({
    at: new Date(Date.UTC(2026, 11, 7, 8, 0, n, 437)),
    actor: 'tran.van.lam',
    role: 'operator',
    action: n % 2 ? 'dossier.force-complete' : 'dossier.read',
    target: `000.00.20.H17-260302-${String(n).padStart(4, '0')}`,
    parameters: JSON.stringify({ query: {}, body: { n } }),
    outcome: 'ok',
    result: 'x'.repeat(2500),
  });
  const verify = () => new UnitOfWork(db.dataSource.manager).audit.verify();
  const sql = (statement: string) => db.dataSource.query(statement);
  const dropTriggers = async () => {
    for (const t of [
      'audit_log_append_only_update',
      'audit_log_append_only_delete',
      'audit_chain_append_only_delete',
    ])
      await sql(`DROP TRIGGER IF EXISTS ${t}`);
  };

  const db = useMigratedDatabase(() => throwaway('audit'));
  beforeAll(async () => {
    // Appended from many requests at once, as the bridge does: the chain must come out whole.
    const transactions = db.transactions;
    await Promise.all(
      Array.from({ length: 12 }, (_, n) => transactions.run((uow) => uow.audit.append(entry(n + 1)))),
    );
  });

  it('should hold a chain of entries appended at once', async () => {
    expect(await verify()).toEqual({ entries: 12, breaks: [] });
  });

  it('should refuse to change or remove an entry, and to remove the head', async () => {
    await expect(sql("UPDATE audit_log SET actor = 'someone' WHERE id = 3")).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM audit_log WHERE id = 3')).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM audit_chain')).rejects.toThrow(/append-only/);
    expect(await verify()).toEqual({ entries: 12, breaks: [] });
  });

  it(`should find an entry edited, one removed and the end cut by whoever can drop the triggers (${name})`, async () => {
    await dropTriggers();
    await sql("UPDATE audit_log SET outcome = 'error' WHERE id = 3");
    await sql('DELETE FROM audit_log WHERE id = 7');
    await sql('DELETE FROM audit_log WHERE id = 12');
    const { entries, breaks } = await verify();
    expect(entries).toBe(10);
    expect(breaks.map((b) => [b.id, b.problem.split(':')[0]])).toEqual([
      ['3', 'its content does not match its hash'],
      ['8', 'it does not follow the entry before it'],
      ['11', 'the trail holds 10 entries where its head counts 12'],
      ['11', "the last entry is not the head's"],
    ]);
  });
});
