import { type EntityManager } from 'typeorm';
import { type AuditBreak, type AuditInput, auditHash, ChainCheck, storedForm } from './audit-chain';
import { AuditRecord } from './operations.entities';

/** The chain's head, one row: the last entry's hash and how many entries there are. */
const HEAD = 'head';
const PAGE = 1000;

/** The audit trail, appended to as a chain inside a transaction (the head row is locked until commit). */
export class AuditRecords {
  constructor(private readonly manager: EntityManager) {}

  async append(input: AuditInput): Promise<void> {
    const mysql = this.manager.connection.options.type === 'mysql';
    const [head] = await this.manager.query<Array<{ hash: string }>>(
      `SELECT head_hash AS hash FROM audit_chain WHERE id = ?${mysql ? ' FOR UPDATE' : ''}`,
      [HEAD],
    );
    const entry = storedForm(input);
    const hash = auditHash(head!.hash, entry);
    await this.manager.insert(AuditRecord, { ...entry, previousHash: head!.hash, hash });
    await this.manager.query('UPDATE audit_chain SET head_hash = ?, entries = entries + 1 WHERE id = ?', [
      hash,
      HEAD,
    ]);
  }

  /** Reads the whole trail in id order, a page at a time, and says where its chain breaks. */
  async verify(): Promise<{ entries: number; breaks: AuditBreak[] }> {
    const [head] = await this.manager.query<Array<{ hash: string; entries: string | number }>>(
      'SELECT head_hash AS hash, entries FROM audit_chain WHERE id = ?',
      [HEAD],
    );
    const check = new ChainCheck();
    for (let after = '0'; ;) {
      const page = await this.manager
        .createQueryBuilder(AuditRecord, 'a')
        .where('a.id > :after', { after })
        .orderBy('a.id')
        .take(PAGE)
        .getMany();
      page.forEach((entry) => check.add(entry));
      if (page.length < PAGE) break;
      after = String(page.at(-1)!.id);
    }
    return check.end({ hash: head!.hash, entries: Number(head!.entries) });
  }
}
