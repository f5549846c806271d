import { type EFileAssembled } from '@hoso/contracts';
import { previousOf, type PreviousRevision } from '@hoso/domain';
import { insertRows } from '../insert-rows';
import { Records } from '../records';
import { chunks } from '../sql';
import { bySize } from '../transactions';
import { AlertRecord, DossierRecord, EFileRecord, FilePlanRecord } from './correlation.entities';
import { type NewAlert, type NewEFile } from './correlation.types';

/** E-files emitted, their alerts, and the file plans they were filed under. */
export class EFileRecords extends Records {
  /** The last emitted revision of each dossier's file (under the code it had then, were it reclassified since). */
  async previousRevisions(dossiers: readonly DossierRecord[]): Promise<Map<string, PreviousRevision>> {
    const emitted = dossiers.filter((d) => d.fileCode && d.emittedRevision > 0);
    const previous = new Map<string, PreviousRevision>();
    for (const slice of chunks(emitted)) {
      const rows = await this.manager.find(EFileRecord, {
        where: slice.map((d) => ({ dossierCode: d.dossierCode, revision: d.emittedRevision })),
      });
      for (const row of rows) {
        previous.set(row.dossierCode, previousOf(JSON.parse(row.body) as EFileAssembled));
      }
    }
    return previous;
  }

  async add(files: readonly NewEFile[]): Promise<void> {
    const createdAt = new Date();
    for (const rows of bySize([...files], (f) => f.body.length + 256)) {
      await insertRows(
        this.manager,
        EFileRecord,
        rows.map((f) => ({ ...f, createdAt })),
      );
    }
  }

  /** Raises each alert once per kind and dossier; returns the ones raised now. */
  async raiseAlerts(alerts: readonly NewAlert[]): Promise<NewAlert[]> {
    if (alerts.length === 0) return [];
    const existing = await this.selectIn<{ kind: string; code: string }>(
      (m) => `SELECT kind, dossier_code AS code FROM alert WHERE dossier_code IN (${m})`,
      alerts.map((a) => a.dossierCode),
    );
    const known = new Set(existing.map((e) => `${e.kind}/${e.code}`));
    const fresh = [...new Map(alerts.map((a) => [`${a.kind}/${a.dossierCode}`, a])).values()].filter(
      (a) => !known.has(`${a.kind}/${a.dossierCode}`),
    );
    if (fresh.length > 0) {
      const createdAt = new Date();
      await this.manager.insert(
        AlertRecord,
        fresh.map((a) => ({ ...a, detail: a.detail.slice(0, 2000), createdAt })),
      );
    }
    return fresh;
  }

  /** Stores the file plans as loaded from the config file (the latest version per agency and year). */
  async saveFilePlans(
    plans: ReadonlyArray<{ agency: string; year: number; version: string; body: string }>,
  ): Promise<void> {
    if (plans.length === 0) return;
    await this.manager.upsert(
      FilePlanRecord,
      plans.map((p) => ({ ...p, loadedAt: new Date() })),
      ['agency', 'year'],
    );
  }
}
