import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nested, NestedList } from '../rules/field-rules';
import { EmittedRevision } from './actions';
import { AnyJson, At, Doc, Omittable, Str, Whole } from './fields';

// Replays: publishing stored e-files again, and rebuilding the state from the source topics as a job.

export class ReemitRequest {
  @Omittable()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Doc('e-files by code (a code a file had before it was reclassified finds it too)', {
    type: 'array',
    items: { type: 'string' },
  })
  fileCodes?: string[];

  @Omittable() @Length(1, 13) @Doc('every e-file of an agency') agency?: string;
  @Omittable()
  @IsISO8601({ strict: true })
  @Doc('e-files made at or after this instant', { format: 'date-time' })
  from?: string;
  @Omittable()
  @IsISO8601({ strict: true })
  @Doc('e-files made before this instant', { format: 'date-time' })
  to?: string;
  @Omittable()
  @IsBoolean()
  @Doc('every revision, in order; default: the last one', { default: false })
  allRevisions: boolean = false;
  @Omittable()
  @IsBoolean()
  @Doc('only count them; false publishes them', { default: true })
  dryRun: boolean = true;
}

/** POST /admin/replay/reemit: what was (or would be) published again. */
export class ReemitReport {
  @IsBoolean() dryRun!: boolean;
  @Whole('e-files chosen') files!: number;
  @Whole('messages queued (or that would be)') messages!: number;
  @IsString({ each: true })
  @Doc('the first 1,000 CloudEvent ids', { type: 'array', items: { type: 'string' } })
  ids!: string[];
}

export const REBUILD_TOPICS = ['dossier', 'document'] as const;
export type RebuildTopic = (typeof REBUILD_TOPICS)[number];

export class RebuildRequest {
  @Omittable()
  @ArrayMinSize(1)
  @IsIn(REBUILD_TOPICS, { each: true, message: 'topics must each be dossier or document' })
  @Doc('the source topics to read again', {
    type: 'array',
    items: { type: 'string', enum: REBUILD_TOPICS },
    default: REBUILD_TOPICS,
  })
  topics: RebuildTopic[] = [...REBUILD_TOPICS];

  @Omittable()
  @IsISO8601({ strict: true })
  @Doc('from the first message at or after this instant', { format: 'date-time' })
  fromTime?: string;
  @Omittable()
  @IsISO8601({ strict: true })
  @Doc('up to the first message at or after this instant', { format: 'date-time' })
  toTime?: string;
  @Omittable()
  @Matches(/^\d{1,19}$/, { message: 'fromOffset must be an offset (digits)' })
  @Doc('from this offset, on every partition')
  fromOffset?: string;
  @Omittable()
  @Matches(/^\d{1,19}$/, { message: 'toOffset must be an offset (digits)' })
  @Doc('up to this offset (excluded), on every partition')
  toOffset?: string;
  @Omittable()
  @IsBoolean()
  @Doc('false: only show what would change; true: store the events and emit the new revisions', {
    default: false,
  })
  apply: boolean = false;
}

/** The part of a topic a rebuild reads. */
export class PartitionSpan {
  @Str() topic!: string;
  @Whole() partition!: number;
  @Str() @Doc('the first offset read') start!: string;
  @Str() @Doc('the offset it stops before') end!: string;
}

/** A file the rebuild gives a new revision: of a live file, or the first of a file never emitted. */
export class FileChange {
  @Str() dossierCode!: string;
  @Str() fileCode!: string;
  @Omittable() @Whole('the live revision; null for a file never emitted') liveRevision!: number | null;
  @Whole() revision!: number;
  @Str() completedBy!: string;
  @IsString({ each: true })
  @Doc('the top-level fields whose value differs from the live revision', {
    type: 'array',
    items: { type: 'string' },
  })
  fields!: string[];
}

export class FileChanges {
  @Whole('all of them') count!: number;
  @NestedList(() => FileChange, 1000) @Doc('the first 1,000') files!: FileChange[];
}

/** What --apply did to the live state. */
export class Promotion {
  @Whole('events stored') events!: number;
  @Whole('revisions emitted') emitted!: number;
  @NestedList(() => EmittedRevision, 1000) @Doc('the first 1,000') files!: EmittedRevision[];
}

/** A finished rebuild's report. */
export class RebuildReport {
  @IsBoolean() applied!: boolean;
  @NestedList(() => PartitionSpan, 10_000) spans!: PartitionSpan[];
  @Whole('messages read') read!: number;
  @Whole('events accepted') accepted!: number;
  @AnyJson('messages judged bad again, by reason (they are in the dead-letter table since first read)')
  invalid!: Record<string, number>;
  @Whole('events whose id the inbox holds with other content: the stored one stays') conflicting!: number;
  @Whole('dossiers recomputed') dossiers!: number;
  @Whole('files that would not change') unchanged!: number;
  @Nested(() => FileChanges) changed!: FileChanges;
  @Nested(() => FileChanges) added!: FileChanges;
  @Whole('dossiers not ready to file') notFiled!: number;
  @Omittable() @Nested(() => Promotion) promoted?: Promotion;
  @IsNumber() @Doc('how long it took') seconds!: number;
  @AnyJson('how long each phase took, in seconds') phaseSeconds!: Record<string, number>;
}

export const JOB_STATES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A long operation (a rebuild), as any instance's API shows it while it runs and once it ends. */
export class Job {
  @Str() id!: string;
  @Str() @Doc('what it does, e.g. rebuild') kind!: string;
  @IsIn(JOB_STATES) @Doc('interrupted: its bridge stopped while it ran') status!: JobState;
  @Omittable() @Str() @Doc('what it is doing now') phase!: string | null;
  @Whole('work done in this phase') done!: number;
  @Omittable() @Whole('the work this phase holds, when known') total!: number | null;
  @Str() createdBy!: string;
  @At() createdAt!: string;
  @At() updatedAt!: string;
  @AnyJson('what it was started with') parameters!: unknown;
  @Allow()
  @JSONSchema({
    description:
      'its report once it succeeded (a RebuildReport for a rebuild), or why it failed; null before',
    anyOf: [
      { $ref: '#/components/schemas/RebuildReport' },
      { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      { type: 'null' },
    ],
  })
  result!: RebuildReport | { error: string } | null;
}
