import { throwawayMariaDb, throwawaySqlite, useMigratedDatabase } from '@test/support';
import { LinkSuggestion } from '../correlation/correlation.entities';
import { InvalidCursorError, keysetPage, type SortKey } from './keyset';

describe.each([
  ['MariaDB', throwawayMariaDb],
  ['SQLite', throwawaySqlite],
])('keyset pages on %s', (_name, throwaway) => {
  // Newest first, then by code and id: three suggestions share one second, two of them one dossier.
  const keys: Array<SortKey<LinkSuggestion>> = [
    { column: 's.createdAt', descending: true, instant: true, of: (s) => s.createdAt },
    { column: 's.dossierCode', of: (s) => s.dossierCode },
    { column: 's.documentId', of: (s) => s.documentId },
  ];
  const at = (second: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, second));
  const rows = [
    ['D-2', 'X-1', at(10)],
    ['D-1', 'X-9', at(20)],
    ['D-1', 'X-2', at(20)],
    ['D-3', 'X-1', at(20)],
    ['D-1', 'X-1', at(5)],
  ] as const;
  const expected = ['D-1/X-2', 'D-1/X-9', 'D-3/X-1', 'D-2/X-1', 'D-1/X-1'];

  const pageAfter = (limit: number, after?: string) =>
    keysetPage(db.dataSource.manager.createQueryBuilder(LinkSuggestion, 's'), { limit, after }, keys, (s) =>
      [s.dossierCode, s.documentId].join('/'),
    );

  const db = useMigratedDatabase(() => throwaway('keyset'));
  beforeAll(async () => {
    await db.dataSource.manager.insert(
      LinkSuggestion,
      rows.map(([dossierCode, documentId, createdAt]) => ({
        dossierCode,
        documentId,
        status: 'pending' as const,
        createdAt,
      })),
    );
  });

  it.each([1, 2, 3, 5, 6])('should walk the whole list once, in order, %i at a time', async (limit) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await pageAfter(limit, after);
      seen.push(...page.items);
      if (page.next === null) break;
      after = page.next;
    }
    expect(seen).toEqual(expected);
  });

  it('should say there is no next page on the last one, even when it is full', async () => {
    expect(await pageAfter(5)).toEqual({ items: expected, next: null });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['of another arity', Buffer.from('["x"]').toString('base64url')],
    ['with a time that is none', Buffer.from('["yesterday","D-1","X-1"]').toString('base64url')],
  ])('should refuse a cursor %s', async (_label, cursor) => {
    await expect(pageAfter(2, cursor)).rejects.toThrow(InvalidCursorError);
  });
});
