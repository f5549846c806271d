import { DEAD_LETTER_HEADERS, type DeadLetterReason } from '@hoso/contracts';
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
