import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { type BetterSqlite3DataSourceOptions } from 'typeorm/driver/better-sqlite3/BetterSqlite3DataSourceOptions';
import { EFileRecord, LinkSuggestion } from '../correlation/correlation.entities';
import { dataSourceOptions } from '../data-source';
import { InboxEvent } from '../inbox/inbox-event.entity';
import { Transactions } from '../transactions';

/** What the shadow remembers of the live files it started from: each dossier's last emitted revision. */
export interface LiveFile {
  fileCode: string;
  revision: number;
  contentHash: string;
}

const PAGE = 2000;
const PREFIX = 'hoso-shadow-';

/** What the bridge derives from the source topics, all of which a rebuild brings back (e-files stay). */
export const DERIVED_TABLES = [
  'inbox_event',
  'dossier',
  'dossier_named',
  'dossier_member',
  'document',
  'document_dossier_ref',
  'document_reply',
  'link_suggestion',
  'deadline',
  'alert',
  'file_counter',
] as const;

/**
 * A scratch SQLite database with the bridge's schema, where a rebuild recomputes every file beside the
 * live state without touching it: it starts from the live events, e-files, file counters and operator
 * decisions, and is deleted afterwards.
 */
export class ShadowState {
  readonly transactions: Transactions;
  /** The live inbox ends here; rows after it came from the rebuild's own reading. */
  seededUpTo = '0';

  private constructor(
    readonly dataSource: DataSource,
    private readonly path: string,
  ) {
    this.transactions = new Transactions(dataSource);
  }

  /** A new shadow in this folder; shadows a stopped bridge left there are deleted first (one runs at a time). */
  static async open(folder: string, id: string): Promise<ShadowState> {
    for (const name of readdirSync(folder).filter((f) => f.startsWith(PREFIX)))
      rmSync(join(folder, name), { force: true });
    const path = join(folder, `${PREFIX}${id}.sqlite`);
    const dataSource = new DataSource({
      ...(dataSourceOptions({
        kind: 'sqlite',
        path,
        migrateOnStart: true,
      }) as BetterSqlite3DataSourceOptions),
      // Scratch data: a crash loses nothing that the live database and the topics do not hold.
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => void db.pragma('synchronous = OFF'),
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    return new ShadowState(dataSource, path);
  }

  /** Copies what the recomputation starts from; returns each dossier's last live e-file. */
  async seed(live: DataSource, onRows: (n: number) => void): Promise<Map<string, LiveFile>> {
    let last = '0';
    for (;;) {
      const rows = await live
        .createQueryBuilder(InboxEvent, 'e')
        .where('e.id > :last', { last })
        .orderBy('e.id')
        .take(PAGE)
        .getMany();
      if (rows.length === 0) break;
      await copyRows(this.dataSource, InboxEvent, rows);
      onRows(rows.length);
      last = rows[rows.length - 1]!.id;
    }
    this.seededUpTo = last;
    const counters = await live.query<object[]>('SELECT * FROM file_counter');
    await copyRows(this.dataSource, 'file_counter', counters);
    for (let skip = 0; ; skip += PAGE) {
      const rows = await live
        .getRepository(LinkSuggestion)
        .find({ order: { dossierCode: 'ASC', documentId: 'ASC' }, skip, take: PAGE });
      if (rows.length === 0) break;
      await copyRows(this.dataSource, LinkSuggestion, rows);
    }
    const files = new Map<string, LiveFile>();
    for (let after = ''; ;) {
      const rows = await live
        .createQueryBuilder(EFileRecord, 'e')
        .where('e.fileCode > :after', { after })
        // Each dossier's last revision, under the code it has now (a reclassified file had others before).
        .andWhere('e.revision = (SELECT MAX(x.revision) FROM efile x WHERE x.dossier_code = e.dossier_code)')
        .orderBy('e.fileCode')
        .take(PAGE)
        .getMany();
      if (rows.length === 0) break;
      await copyRows(this.dataSource, EFileRecord, rows);
      for (const { dossierCode, fileCode, revision, contentHash } of rows)
        files.set(dossierCode, { fileCode, revision, contentHash });
      onRows(rows.length);
      after = rows[rows.length - 1]!.fileCode;
    }
    return files;
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
    removeSqlite(this.path);
  }
}

async function copyRows<T extends ObjectLiteral>(to: DataSource, entity: EntityTarget<T>, rows: T[]) {
  // 200 rows stay well under SQLite's limit on bound parameters.
  for (let i = 0; i < rows.length; i += 200) {
    await to
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + 200))
      .updateEntity(false)
      .execute();
  }
}

function removeSqlite(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
