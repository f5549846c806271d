import { tmpdir } from 'node:os';
import { setImmediate as breathe } from 'node:timers/promises';
import { kafkaConfig } from '@hoso/config';
import {
  canonicalJson,
  type EmittedRevision,
  type FileChange,
  type RebuildReport,
  type RebuildRequest,
  splitAggregate,
} from '@hoso/contracts';
import { judgeMessage, type PartitionBatch, type PartitionSpan, TopicRangeReader } from '@hoso/messaging';
import {
  EFileRecord,
  InboxEvent,
  type LiveFile,
  type NewInboxEvent,
  ShadowState,
  Transactions,
} from '@hoso/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type JobProgress } from '../http';
import { FilingCommitted } from '../correlation/filing-committed';
import { CorrelationService } from '../correlation/correlation.service';

/** What a rebuild reports; the job adds how long each phase took. */
export type RebuildOutcome = Omit<RebuildReport, 'phaseSeconds'>;

/** Lists in a report stop here; the counts are always whole. */
const LISTED = 1000;
const CHUNK = 250;
// The shadow's SQLite answers synchronously, so its loops yield between chunks (`breathe`) to keep the
// bridge's event loop, and with it health probes and live intake, responsive.

/**
 * Rebuild: reads a range of the source topics again into a shadow of the state, recomputes every file
 * there from the events, and compares it with the live files. With `apply`, it then stores the events the
 * live inbox lacks and refiles the same dossiers through the live correlation, which reuses every file
 * code and emits a revision only where the content hash changed.
 */
@Injectable()
export class Rebuild {
  constructor(
    @InjectDataSource() private readonly live: DataSource,
    private readonly transactions: Transactions,
    private readonly reader: TopicRangeReader,
    private readonly correlation: CorrelationService,
    private readonly committed: FilingCommitted,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** The partitions and offsets a request covers. */
  plan(request: RebuildRequest): Promise<PartitionSpan[]> {
    const names = { dossier: this.kafka.topics.dossierEvents, document: this.kafka.topics.documentEvents };
    const time = (iso?: string) => (iso === undefined ? undefined : Date.parse(iso));
    const offset = (n?: string) => (n === undefined ? undefined : BigInt(n));
    return this.reader.plan({
      topics: request.topics.map((t) => names[t]),
      fromTime: time(request.fromTime),
      toTime: time(request.toTime),
      fromOffset: offset(request.fromOffset),
      toOffset: offset(request.toOffset),
    });
  }

  async run(request: RebuildRequest, spans: PartitionSpan[], progress: JobProgress): Promise<RebuildOutcome> {
    const started = Date.now();
    progress.phase('creating the shadow');
    const shadow = await ShadowState.open(tmpdir(), progress.id);
    try {
      progress.phase('shadow: copying live state');
      const liveFiles = await shadow.seed(this.live, (n) => progress.advance(n));

      progress.phase(
        'reading the topics',
        spans.reduce((n, s) => n + Number(s.end - s.start), 0),
      );
      const touched = { dossiers: new Set<string>(), documents: new Set<string>() };
      const counts = { read: 0, accepted: 0, conflicting: 0, invalid: {} as Record<string, number> };
      await this.reader.read(spans, `${this.kafka.groupId}.rebuild.${progress.id}`, async (batch) => {
        for (let i = 0; i < batch.messages.length; i += CHUNK) {
          const messages = batch.messages.slice(i, i + CHUNK);
          const rows = this.admit(messages, counts, touched);
          const outcome = await shadow.transactions.run((uow) =>
            uow.intake.record({ accepted: rows, rejected: [] }),
          );
          counts.conflicting += outcome.conflicts.length;
          progress.advance(messages.length);
          await breathe();
        }
      });

      // The whole shadow is refiled, so the comparison also finds files that changed for other reasons.
      const aggregates = await shadow.dataSource.query<Array<{ id: string }>>(
        'SELECT DISTINCT aggregate_id AS id FROM inbox_event WHERE aggregate_id IS NOT NULL',
      );
      const all = (kind: 'dossier' | 'document') =>
        aggregates.map((a) => splitAggregate(a.id)).flatMap(([k, id]) => (k === kind ? [id] : []));
      const everyDossier = all('dossier');
      await this.refile(shadow.transactions, all('document'), everyDossier, progress, 'shadow');

      progress.phase('shadow: comparing');
      const diff = await this.compare(shadow, liveFiles);
      const report: RebuildOutcome = {
        applied: false,
        spans: spans.map((s) => ({ ...s, start: String(s.start), end: String(s.end) })),
        ...counts,
        dossiers: everyDossier.length,
        unchanged: diff.unchanged,
        changed: listed(diff.changed),
        added: listed(diff.added),
        notFiled: diff.notFiled,
        seconds: 0,
      };
      if (request.apply) {
        const promoted = await this.promote(shadow, progress);
        const dossiers = [
          ...new Set([...touched.dossiers, ...[...diff.changed, ...diff.added].map((f) => f.dossierCode)]),
        ];
        const emitted = await this.refile(
          this.transactions,
          [...touched.documents],
          dossiers,
          progress,
          'live',
        );
        report.applied = true;
        report.promoted = { events: promoted, emitted: emitted.length, files: emitted.slice(0, LISTED) };
      }
      report.seconds = (Date.now() - started) / 1000;
      return report;
    } finally {
      await shadow.close();
    }
  }

  /** The inbox rows of a chunk's good messages; the rest is only counted. */
  private admit(
    messages: PartitionBatch['messages'],
    counts: { read: number; accepted: number; invalid: Record<string, number> },
    touched: { dossiers: Set<string>; documents: Set<string> },
  ): NewInboxEvent[] {
    const rows: NewInboxEvent[] = [];
    for (const message of messages) {
      counts.read += 1;
      const judgement = judgeMessage(message, this.kafka.topics);
      if (!judgement.ok) {
        counts.invalid[judgement.reason] = (counts.invalid[judgement.reason] ?? 0) + 1;
        continue;
      }
      const { row } = judgement;
      rows.push(row);
      counts.accepted += 1;
      const [kind, id] = splitAggregate(row.aggregateId!);
      (kind === 'dossier' ? touched.dossiers : touched.documents).add(id);
    }
    return rows;
  }

  /**
   * Re-derives the documents first, so every dossier then sees all of them, and refiles the dossiers (and
   * those the documents reach) in chunks; a dossier that lost its row takes back its emitted file.
   */
  private async refile(
    transactions: Transactions,
    documents: readonly string[],
    dossiers: readonly string[],
    progress: JobProgress,
    where: 'shadow' | 'live',
  ): Promise<EmittedRevision[]> {
    const now = new Date();
    const dirty = new Set(dossiers);
    progress.phase(`${where}: re-deriving documents`, documents.length);
    for (let i = 0; i < documents.length; i += CHUNK) {
      const slice = documents.slice(i, i + CHUNK);
      const reached = await transactions.run((uow) => this.correlation.rederiveDocuments(uow, slice));
      reached.forEach((code) => dirty.add(code));
      progress.advance(slice.length);
      await breathe();
    }
    const codes = [...dirty].sort();
    const revisions: EmittedRevision[] = [];
    progress.phase(`${where}: refiling dossiers`, codes.length);
    for (let i = 0; i < codes.length; i += CHUNK) {
      const slice = codes.slice(i, i + CHUNK);
      const effects = await transactions.run(async (uow) => {
        await uow.takeFilingLock();
        await uow.dossiers.adoptEmittedFiles(slice);
        return this.correlation.refile(uow, slice, now);
      });
      revisions.push(
        ...effects.emitted.map(({ fileCode, revision, completedBy }) => ({
          fileCode,
          revision,
          completedBy,
        })),
      );
      if (where === 'live') this.committed.record(effects);
      progress.advance(slice.length);
      await breathe();
    }
    return revisions;
  }

  /** Each shadow dossier next to its last live e-file. */
  private async compare(shadow: ShadowState, liveFiles: ReadonlyMap<string, LiveFile>) {
    const diff = { unchanged: 0, notFiled: 0, changed: [] as FileChange[], added: [] as FileChange[] };
    const rows = await shadow.dataSource.query<
      Array<{ code: string; fileCode: string | null; revision: number; hash: string | null }>
    >(
      'SELECT dossier_code AS code, file_code AS fileCode, emitted_revision AS revision, content_hash AS hash FROM dossier',
    );
    for (const [i, row] of rows.entries()) {
      if (i % CHUNK === 0) await breathe();
      const live = liveFiles.get(row.code);
      const revision = Number(row.revision);
      if (revision === 0) diff.notFiled += 1;
      else if (live && revision === live.revision) diff.unchanged += 1;
      else {
        const [now, before] = await Promise.all([
          shadow.dataSource.manager.findOneByOrFail(EFileRecord, { fileCode: row.fileCode!, revision }),
          live &&
            shadow.dataSource.manager.findOneBy(EFileRecord, {
              fileCode: live.fileCode,
              revision: live.revision,
            }),
        ]);
        const change: FileChange = {
          dossierCode: row.code,
          fileCode: row.fileCode!,
          liveRevision: live?.revision ?? null,
          revision,
          completedBy: now.completedBy,
          fields: before ? changedFields(before.body, now.body) : [],
        };
        (live ? diff.changed : diff.added).push(change);
      }
    }
    return diff;
  }

  /** Stores in the live inbox the events the rebuild read that it lacks (the stored ones win). */
  private async promote(shadow: ShadowState, progress: JobProgress): Promise<number> {
    progress.phase('live: storing events');
    let promoted = 0;
    for (let last = shadow.seededUpTo; ;) {
      const rows = await shadow.dataSource
        .createQueryBuilder(InboxEvent, 'e')
        .where('e.id > :last', { last })
        .orderBy('e.id')
        .take(CHUNK)
        .getMany();
      if (rows.length === 0) return promoted;
      const events = rows.map(({ id: _id, recordedAt: _at, ...event }) => event);
      const outcome = await this.transactions.run((uow) =>
        uow.intake.record({ accepted: events, rejected: [] }),
      );
      promoted += outcome.recorded.length;
      progress.advance(rows.length);
      last = rows[rows.length - 1]!.id;
      await breathe();
    }
  }
}

const NOT_CONTENT = new Set(['revision', 'supersedes', 'completedBy', 'contentHash', 'provenance']);

/** The top-level fields of two e-file bodies that differ. */
export function changedFields(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !NOT_CONTENT.has(k) && canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
}

function listed(files: FileChange[]) {
  return { count: files.length, files: files.slice(0, LISTED) };
}
