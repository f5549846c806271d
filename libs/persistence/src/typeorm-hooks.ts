import { Logger } from '@nestjs/common';
import {
  type AfterQueryEvent,
  type DataSource,
  type EntitySubscriberInterface,
  EventSubscriber,
  type Logger as TypeormLogger,
  type QueryRunner,
} from 'typeorm';

/** What of a mysql2 connection the reaper needs. */
interface DriverConnection {
  threadId?: number;
  destroy?: () => void;
}

/**
 * A MySQL query that timed out leaves two things behind: a connection waiting for an answer that may never
 * come (a silent network), and on the server a session that may hold its transaction's locks until the
 * server notices, hours later. The reaper destroys the connection, so the pool opens fresh ones, and kills
 * the server session as soon as the server can be reached again, so its locks block no one.
 */
@EventSubscriber()
export class TimedOutSessionReaper implements EntitySubscriberInterface {
  private readonly logger = new Logger('Database');
  private readonly sessions = new Set<number>();
  private retry?: NodeJS.Timeout;

  /** For statements TypeORM does not run itself (prepared ones): the reaper of this data source acts on them. */
  static afterFailure(dataSource: DataSource, queryRunner: QueryRunner, error: unknown): void {
    for (const subscriber of dataSource.subscribers)
      if (subscriber instanceof TimedOutSessionReaper) subscriber.unanswered(dataSource, queryRunner, error);
  }

  afterQuery(event: AfterQueryEvent): void {
    if (!event.success) this.unanswered(event.dataSource, event.queryRunner, event.error);
  }

  /** A query failed: if it went past its deadline, its connection is destroyed and its session killed. */
  private unanswered(dataSource: DataSource, queryRunner: QueryRunner, error: unknown): void {
    if ((error as { code?: string } | undefined)?.code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    const connection = (queryRunner as { databaseConnection?: DriverConnection }).databaseConnection;
    connection?.destroy?.();
    if (connection?.threadId === undefined) return;
    this.logger.warn(`A query went unanswered; its session ${connection.threadId} will be killed`);
    this.sessions.add(connection.threadId);
    this.reapSoon(dataSource);
  }

  private reapSoon(dataSource: DataSource): void {
    this.retry ??= setTimeout(() => void this.reap(dataSource), 1000).unref();
  }

  private async reap(dataSource: DataSource): Promise<void> {
    this.retry = undefined;
    for (const id of this.sessions) {
      if (!dataSource.isInitialized) return this.sessions.clear();
      try {
        await dataSource.query(`KILL CONNECTION ${id}`);
        this.logger.warn(`Killed session ${id}, which a timed-out query left behind`);
      } catch (error) {
        const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
        // 1094, unknown thread: gone already; 1095, not ours: nothing to be done. Else: out of reach still.
        if (errno === 1095)
          this.logger.error(`Session ${id} could not be killed: ${(error as Error).message}`);
        else if (errno !== 1094) return this.reapSoon(dataSource);
      }
      this.sessions.delete(id);
    }
  }
}

/** TypeORM's own few lines go through Nest's logger (JSON via pino), SQL cut short; failed queries reach their callers. */
export class NestTypeormLogger implements TypeormLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`A query took ${time} ms: ${query.slice(0, 200)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else this.logger.log(message);
  }
}
