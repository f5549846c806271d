import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../dead-letter';
import { NestedList } from '../rules/field-rules';
import { ListQuery } from './common';
import { AnyJson, At, Doc, In, Omittable, Str, Whole } from './fields';

/** A dead letter's id (digits). */
export const DEAD_LETTER_ID = /^\d{1,20}$/;

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A dead letter without its bytes, as lists show it. */
export class DeadLetterSummary {
  @Str() id!: string;
  @In('reason', DEAD_LETTER_REASONS) reason!: DeadLetterReason;
  @Str() @Doc('the failing fields and rules, never their values') message!: string;
  @Str() sourceTopic!: string;
  @Whole() sourcePartition!: number;
  @Str() sourceOffset!: string;
  @Omittable() @Str() @Doc('the CloudEvent source, when decoding got that far') eventSource!: string | null;
  @Omittable() @Str() eventId!: string | null;
  @Omittable() @Str() eventType!: string | null;
  @Omittable() @Str() @Doc('the agency the message names, when it names one') agencyCode!: string | null;
  @Omittable() @At('the Kafka timestamp') kafkaTimestamp!: string | null;
  @At('when it was dead-lettered') createdAt!: string;
  @Omittable() @At('when an operator redrove it') redrivenAt!: string | null;
  @Omittable() @Str() redrivenBy!: string | null;
}

/** GET /admin/dlq/{id}: a dead letter with what it carried. */
export class DeadLetterDetail extends DeadLetterSummary {
  @Omittable() @Str() @Doc('the key as UTF-8') key!: string | null;
  @Omittable()
  @Str()
  @Doc('the value as UTF-8 text, or "base64:" and its bytes when it is not UTF-8')
  value!: string | null;
  @AnyJson('the original headers') headers!: unknown;
}

export class DeadLetterListQuery extends ListQuery {
  @Omittable() @In('reason', DEAD_LETTER_REASONS) @Doc('only this reason') reason?: DeadLetterReason;

  @Omittable()
  @Transform(toBoolean)
  @IsBoolean()
  @Doc('true: only those redriven; false: only those waiting')
  redriven?: boolean;
}

export class RedriveRequest {
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(DEAD_LETTER_ID, { each: true, message: 'each id must be a dead-letter id' })
  @Doc('dead-letter ids', { type: 'array', items: { type: 'string', pattern: '^\\d{1,20}$' } })
  ids!: string[];

  @Omittable()
  @IsBoolean()
  @Doc('only judge them; false re-submits them', { default: true })
  dryRun: boolean = true;

  @Omittable()
  @IsString()
  @MaxLength(1_048_576)
  @Doc('a corrected value (a structured CloudEvent, JSON) for a single dead letter, instead of its bytes')
  correctedValue?: string;
}

export const REDRIVE_OUTCOMES = [
  'accepted',
  'duplicate',
  'rejected',
  'would_accept',
  'already_redriven',
] as const;

export class RedriveResult {
  @Str() id!: string;
  @In('outcome', REDRIVE_OUTCOMES)
  @Doc(
    'accepted; duplicate (the inbox had it); rejected (judged bad again); would_accept (dry run); already_redriven',
  )
  outcome!: (typeof REDRIVE_OUTCOMES)[number];
  @Omittable() @In('reason', DEAD_LETTER_REASONS) reason?: DeadLetterReason;
  @Omittable() @Str() message?: string;
}

/** POST /admin/dlq/redrive: what became of each dead letter. */
export class RedriveReport {
  @IsBoolean() dryRun!: boolean;
  @NestedList(() => RedriveResult, 1000) results!: RedriveResult[];
}
