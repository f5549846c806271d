import { IsBoolean } from 'class-validator';
import { Nested, NestedList } from '../rules/field-rules';
import { Doc, Omittable, Str, Whole } from './fields';
import { PendingCounts } from './statistics';

// What GET /health/consumers answers (operators and `hoso status` read it).

export class PartitionState {
  @Str() topic!: string;
  @Whole() partition!: number;
  @Omittable()
  @Str()
  @Doc('the consumer group committed up to here; null before its first commit')
  committedOffset!: string | null;
  @Str() endOffset!: string;
  @Whole('messages not consumed yet', { minimum: 0 }) lag!: number;
  @IsBoolean()
  @Doc('the committed offset moved within the stall interval, or there is nothing to consume')
  moving!: boolean;
  @IsBoolean() @Doc('lag and no progress for the whole stall interval') stalled!: boolean;
}

export class ConsumerReport {
  @Str() groupId!: string;
  @Str() @Doc('when the offsets were read', { format: 'date-time' }) sampledAt!: string;
  @NestedList(() => PartitionState, 10_000) partitions!: PartitionState[];
  @Whole('the lag of every source partition') totalLag!: number;
  @Whole('dead letters waiting for a redrive') deadLetters!: number;
  @Nested(() => PendingCounts) pending!: PendingCounts;
  @Whole('outbox messages not published yet') relayBacklog!: number;
}
