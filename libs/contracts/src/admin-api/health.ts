import { IsBoolean, IsInt } from 'class-validator';
import { Nested, NestedList } from '../rules/field-rules';
import { Doc, Omittable, Str } from './fields';
import { PendingCounts } from './statistics';

// What GET /health/consumers answers (operators and `hoso status` read it).

export class PartitionState {
  @Str() topic!: string;
  @IsInt() @Doc('', { type: 'integer' }) partition!: number;
  @Omittable()
  @Str()
  @Doc('the consumer group committed up to here; null before its first commit')
  committedOffset!: string | null;
  @Str() endOffset!: string;
  @IsInt() @Doc('messages not consumed yet', { type: 'integer', minimum: 0 }) lag!: number;
  @IsBoolean()
  @Doc('the committed offset moved within the stall interval, or there is nothing to consume')
  moving!: boolean;
  @IsBoolean() @Doc('lag and no progress for the whole stall interval') stalled!: boolean;
}

export class ConsumerReport {
  @Str() groupId!: string;
  @Str() @Doc('when the offsets were read', { format: 'date-time' }) sampledAt!: string;
  @NestedList(() => PartitionState, 10_000) partitions!: PartitionState[];
  @IsInt() @Doc('the lag of every source partition', { type: 'integer' }) totalLag!: number;
  @IsInt() @Doc('dead letters waiting for a redrive', { type: 'integer' }) deadLetters!: number;
  @Nested(() => PendingCounts) pending!: PendingCounts;
  @IsInt() @Doc('outbox messages not published yet', { type: 'integer' }) relayBacklog!: number;
}
