import { throwawayMariaDb, throwawaySqlite, useMigratedDatabase } from '@test/support';
import { UnitOfWork } from '../unit-of-work';
import { DocumentRecord, DossierRecord, LinkSuggestion } from './correlation.entities';

describe.each([
  ['MariaDB', throwawayMariaDb],
  ['SQLite', throwawaySqlite],
])('rule-4 reads on %s', (_name, throwaway) => {
  let suggestions: UnitOfWork['suggestions'];

  const dossier = (
    code: string,
    agencyCode: string,
    from: string,
    until: string,
    applicantKey = 'nguyen van an',
  ) => ({
    dossierCode: code,
    agencyCode,
    status: 'received',
    applicantKey,
    suggestFrom: from,
    suggestUntil: until,
    updatedAt: new Date(),
  });
  const document = (id: string, agencyCode: string, issuedDate: string, hasBase = true) => ({
    documentId: id,
    agencyCode,
    issuedDate,
    subjectKey: `cap phep cho ong nguyen van an ${id}`,
    hasBase,
    updatedAt: new Date(),
  });

  const db = useMigratedDatabase(() => throwaway('suggestion-records'));
  beforeAll(async () => {
    suggestions = new UnitOfWork(db.dataSource.manager).suggestions;
    await db.dataSource.manager.insert(DossierRecord, [
      dossier('D-1', 'A', '2026-03-01', '2026-03-31'),
      dossier('D-2', 'A', '2026-05-01', '2026-05-31'),
      dossier('D-3', 'B', '2026-03-01', '2026-03-31'),
      { ...dossier('D-4', 'A', '2026-03-01', '2026-03-31'), applicantKey: null },
    ]);
    await db.dataSource.manager.insert(DocumentRecord, [
      document('in-window', 'A', '2026-03-10'),
      document('first-day', 'A', '2026-03-01'),
      document('filed', 'A', '2026-03-12'),
      document('no-base', 'A', '2026-03-13', false),
      document('later', 'A', '2026-05-02'),
      document('other-agency', 'B', '2026-03-10'),
    ]);
    await db.dataSource.query(
      "INSERT INTO dossier_member (dossier_code, document_id, rule) VALUES ('D-3', 'filed', 'explicit')",
    );
    await db.dataSource.manager.insert(LinkSuggestion, {
      dossierCode: 'D-1',
      documentId: 'first-day',
      status: 'rejected',
      createdAt: new Date(),
    });
  });

  const ids = (rows: Array<{ documentId: string } | { dossierCode: string }>) =>
    rows.map((r) => ('documentId' in r ? r.documentId : r.dossierCode)).sort();

  it('should read the profiles of dossiers with an applicant and a window only', async () => {
    expect(await suggestions.profiles(['D-1', 'D-4', 'D-9'])).toEqual([
      {
        dossierCode: 'D-1',
        agencyCode: 'A',
        applicantKey: 'nguyen van an',
        from: '2026-03-01',
        until: '2026-03-31',
      },
    ]);
  });

  it('should find the unfiled documents with a base in the windows of each agency, bounds included', async () => {
    const profiles = await suggestions.profiles(['D-1', 'D-3']);
    expect(ids(await suggestions.targetsNear(profiles))).toEqual(['first-day', 'in-window', 'other-agency']);
    expect(ids(await suggestions.targets(['in-window', 'filed', 'no-base']))).toEqual(['in-window']);
  });

  it('should find the profiles of a target agency whose window overlaps the issue dates', async () => {
    const targets = await suggestions.targets(['in-window', 'later']);
    expect(ids(await suggestions.profilesNear(targets))).toEqual(['D-1', 'D-2']);
  });

  it('should tell which pairs were suggested before, whatever their status', async () => {
    const suggested = await suggestions.suggested([
      { dossierCode: 'D-1', documentId: 'first-day' },
      { dossierCode: 'D-1', documentId: 'in-window' },
    ]);
    expect([...suggested]).toEqual(['D-1 first-day']);
  });
});
