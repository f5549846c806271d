import { type DeadlineKind } from '@hoso/domain';
import { insertRows } from '../insert-rows';
import { Records } from '../records';
import { Deadline } from './correlation.entities';

/** Stored timers: grace periods, appointment dates and transfers to the archive. */
export class DeadlineRecords extends Records {
  /**
   * A grace deadline is set once; the others follow what they are computed from (the appointment date, the
   * file's end date and retention) until done.
   */
  async schedule(
    deadlines: ReadonlyArray<{ dossierCode: string; kind: DeadlineKind; dueAt: Date }>,
  ): Promise<void> {
    const once = deadlines.filter((d) => d.kind === 'grace');
    await insertRows(this.manager, Deadline, once, 'ignore');
    await insertRows(
      this.manager,
      Deadline,
      deadlines.filter((d) => d.kind !== 'grace'),
      { update: ['due_at'], key: ['dossier_code', 'kind'] },
    );
  }

  /** Takes up to `limit` due deadlines, held for `claimMs` (on MySQL, rows another instance takes are skipped). */
  async claimDue(now: Date, limit: number, claimMs: number): Promise<Deadline[]> {
    const query = this.manager
      .createQueryBuilder(Deadline, 'd')
      .where('d.doneAt IS NULL AND d.dueAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)', {
        now,
      })
      .orderBy('d.dueAt')
      .limit(limit);
    if (this.mysql) query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const due = await query.getMany();
    for (const d of due) {
      await this.manager.update(
        Deadline,
        { dossierCode: d.dossierCode, kind: d.kind },
        { claimedUntil: new Date(now.getTime() + claimMs) },
      );
    }
    return due;
  }

  async release(deadline: Pick<Deadline, 'dossierCode' | 'kind'>): Promise<void> {
    await this.manager.update(
      Deadline,
      { dossierCode: deadline.dossierCode, kind: deadline.kind },
      { claimedUntil: null },
    );
  }

  async complete(deadline: Pick<Deadline, 'dossierCode' | 'kind'>): Promise<void> {
    await this.manager.update(
      Deadline,
      { dossierCode: deadline.dossierCode, kind: deadline.kind },
      { doneAt: new Date() },
    );
  }
}
