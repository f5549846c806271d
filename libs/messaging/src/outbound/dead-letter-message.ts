import { DEAD_LETTER_HEADERS, type DeadLetterReason } from '@hoso/contracts';
import { type Rejected } from '@hoso/persistence';
import { encodeHeaders } from '../headers';
import { type KnownAttributes } from '../inbound/judge';
import { type ConsumedMessage, type OutgoingMessage } from '../message';

/** Longest reason message carried in a header. */
export const MAX_DEAD_LETTER_MESSAGE = 2000;

/** The original key, value bytes and headers, plus the headers that say why and where from. */
export function deadLetterMessage(
  original: ConsumedMessage,
  reason: DeadLetterReason,
  message: string,
  topic: string,
  at: Date,
): OutgoingMessage {
  return {
    topic,
    key: original.key,
    value: original.value,
    headers: {
      ...original.headers,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.message]: message.slice(0, MAX_DEAD_LETTER_MESSAGE),
      [DEAD_LETTER_HEADERS.topic]: original.topic,
      [DEAD_LETTER_HEADERS.partition]: String(original.partition),
      [DEAD_LETTER_HEADERS.offset]: original.offset,
      [DEAD_LETTER_HEADERS.time]: at.toISOString(),
    },
  };
}

/**
 * A rejected message as intake records it: its dead-letter row (what is known of it, its bytes as they came)
 * and the outbox message that carries it to the dead-letter topic, with `trace` (the trace it continues).
 */
export function rejection(
  original: ConsumedMessage,
  reason: DeadLetterReason,
  text: string,
  known: KnownAttributes,
  topic: string,
  trace: Record<string, string>,
): Rejected {
  const outgoing = deadLetterMessage(original, reason, text, topic, new Date());
  return {
    deadLetter: {
      reason,
      message: text.slice(0, MAX_DEAD_LETTER_MESSAGE),
      sourceTopic: original.topic,
      sourcePartition: original.partition,
      sourceOffset: original.offset,
      eventSource: known.source,
      eventId: known.id,
      eventType: known.type,
      agencyCode: known.agencyCode,
      kafkaKey: original.key,
      kafkaValue: original.value,
      kafkaHeaders: encodeHeaders(original.headers),
      kafkaTimestamp: original.timestamp ? new Date(Number(original.timestamp)) : null,
    },
    outbox: {
      topic: outgoing.topic,
      kafkaKey: original.key,
      kafkaValue: original.value,
      kafkaHeaders: encodeHeaders({ ...outgoing.headers, ...trace }),
    },
  };
}
