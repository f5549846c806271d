/** Why a consumed message could not be accepted; carried by each dead letter. */
export const DEAD_LETTER_REASONS = [
  'INVALID_JSON',
  'INVALID_ENCODING',
  'NOT_A_CLOUDEVENT',
  'UNKNOWN_TYPE',
  'SCHEMA_VIOLATION',
  'TOO_LARGE',
  'DUPLICATE_ID_CONFLICT',
  // An edXML message (docs/edxml.md) that is not a MIME multipart/related message or bare envelope, or
  // whose envelope is not well-formed XML.
  'INVALID_MIME',
  'INVALID_XML',
  // An archive's answer (docs/events.md section 9) naming a package the bridge never sent, or contradicting
  // the answer it already gave: kept until an operator looks, and redriven once the package is known.
  'UNKNOWN_PACKAGE',
  'RECEIPT_CONFLICT',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** Headers the bridge adds to the original message when it dead-letters it. */
export const DEAD_LETTER_HEADERS = {
  reason: 'hoso.dlq.reason',
  message: 'hoso.dlq.message',
  topic: 'hoso.dlq.source.topic',
  partition: 'hoso.dlq.source.partition',
  offset: 'hoso.dlq.source.offset',
  time: 'hoso.dlq.time',
} as const;

/** A message over this many bytes is dead-lettered as TOO_LARGE (docs/events.md section 2). */
export const MAX_EVENT_BYTES = 1 << 20;
