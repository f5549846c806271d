import { randomUUID } from 'node:crypto';
import { type Job } from '@hoso/contracts';
import { type AdminJob, OperationsRecords } from '@hoso/persistence';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

/** How a job reports what it is doing. */
export interface JobProgress {
  readonly id: string;
  /** A new phase, with the amount of work it holds when known. */
  phase(name: string, total?: number): void;
  advance(done: number): void;
}

/** A running job not heard of for this long was cut off (its bridge stopped). */
export const STALE_JOB_MS = 60_000;
const SAVE_EVERY_MS = 1000;
const HEARTBEAT_MS = 10_000;

/**
 * Long admin operations as rows of `admin_job`: they run in the background of the bridge that started
 * them, which writes their phase and counts as they go, so any instance's API can show their progress.
 */
@Injectable()
export class Jobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger(Jobs.name);
  private readonly active = new Map<string, AdminJob>();

  constructor(private readonly records: OperationsRecords) {}

  /** A job of this kind that is running now, anywhere. */
  async running(kind: string): Promise<AdminJob | undefined> {
    const recent = await this.records.jobs({ limit: 50 });
    return recent.items.find((j) => j.kind === kind && jobState(j) === 'running');
  }

  /** Records the job and starts the work without waiting for it; returns the job as first recorded. */
  async start(
    kind: string,
    parameters: object,
    by: string,
    work: (progress: JobProgress) => Promise<object>,
  ): Promise<AdminJob> {
    const now = new Date();
    const job: AdminJob = {
      id: randomUUID(),
      kind,
      status: 'running',
      phase: 'starting',
      createdBy: by,
      parameters: JSON.stringify(parameters),
      done: 0,
      total: null,
      result: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.records.saveJob(job);
    this.active.set(job.id, job);
    void this.execute(job, work);
    return { ...job };
  }

  private async execute(job: AdminJob, work: (progress: JobProgress) => Promise<object>): Promise<void> {
    let savedAt = Date.now();
    let saving = Promise.resolve();
    const save = () => {
      savedAt = Date.now();
      saving = saving.then(() => this.records.saveJob({ ...job })).catch(() => undefined);
    };
    const heartbeat = setInterval(save, HEARTBEAT_MS);
    // How long each phase took, reported with the result.
    const phaseSeconds: Record<string, number> = {};
    let phaseStarted = Date.now();
    const endPhase = () => {
      const seconds = (Date.now() - phaseStarted) / 1000;
      phaseSeconds[job.phase!] = (phaseSeconds[job.phase!] ?? 0) + seconds;
      phaseStarted = Date.now();
    };
    const progress: JobProgress = {
      id: job.id,
      phase: (name, total) => {
        endPhase();
        Object.assign(job, { phase: name, done: 0, total: total ?? null });
        save();
      },
      advance: (done) => {
        job.done += done;
        if (Date.now() - savedAt >= SAVE_EVERY_MS) save();
      },
    };
    try {
      const result = await work(progress);
      endPhase();
      Object.assign(job, {
        status: 'succeeded',
        phase: 'done',
        result: JSON.stringify({ ...result, phaseSeconds }),
      });
    } catch (error) {
      this.logger.error({ job: job.id, kind: job.kind, err: error }, `Job ${job.kind} failed`);
      const message = error instanceof Error ? error.message : String(error);
      Object.assign(job, { status: 'failed', result: JSON.stringify({ error: message }) });
    } finally {
      clearInterval(heartbeat);
      this.active.delete(job.id);
      await saving;
      await this.records.saveJob({ ...job }).catch(() => undefined);
    }
  }

  /** A job cut off by a stop is recorded as failed, not left running. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const job of this.active.values()) {
      Object.assign(job, { status: 'failed', result: JSON.stringify({ error: 'the bridge stopped' }) });
      await this.records.saveJob({ ...job }).catch(() => undefined);
    }
  }
}

/** A job's status as it stands: a running job whose bridge went silent is `interrupted`. */
export function jobState(job: AdminJob): AdminJob['status'] | 'interrupted' {
  return job.status === 'running' && Date.now() - job.updatedAt.getTime() > STALE_JOB_MS
    ? 'interrupted'
    : job.status;
}

/** A job as the API shows it, its parameters and result parsed. */
export function jobView(job: AdminJob): Job {
  return {
    id: job.id,
    kind: job.kind,
    status: jobState(job),
    phase: job.phase,
    done: job.done,
    total: job.total,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    parameters: JSON.parse(job.parameters) as unknown,
    result: job.result === null ? null : (JSON.parse(job.result) as Job['result']),
  };
}
