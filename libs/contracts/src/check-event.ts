import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { CloudEventEnvelope } from './envelope';
import { satisfiesRules, toInstance } from './rules/compiled-rules';
import { type ContractEvent, type EventType, EVENT_TYPES, isEventType } from './event-types';
import { ARCHIVE_RECEIPT_TYPE, ArchiveReceipt } from './hoso/archive-receipt';

/** An event that satisfies the contract, with its attributes and data normalized. */
export type CheckedEvent = ContractEvent & {
  id: string;
  source: string;
  subject: string | undefined;
  /** RFC 3339 in +07:00. */
  time: string;
};

export type CheckResult =
  | { ok: true; event: CheckedEvent }
  | { ok: false; reason: 'UNKNOWN_TYPE' | 'SCHEMA_VIOLATION'; message: string };

const MAX_LISTED_PROBLEMS = 10;

/**
 * Checks decoded CloudEvent attributes and data against the contract. Problems name the failing fields and
 * rules, never the values, which may be personal data. The compiled rules decide; only a refusal goes
 * through class-validator, whose error tree names what failed.
 */
export function checkEvent(attributes: Record<string, unknown>, data: unknown): CheckResult {
  const type = attributes.type;
  if (typeof type !== 'string' || !isEventType(type)) {
    return {
      ok: false,
      reason: 'UNKNOWN_TYPE',
      message: `type ${JSON.stringify(type).slice(0, 140)} is not in the contract`,
    };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return describeViolations(type, attributes, data);
  const envelope = toInstance(CloudEventEnvelope, attributes);
  const payload = toInstance(EVENT_TYPES[type].data as new () => object, data);
  if (!satisfiesRules(envelope) || !satisfiesRules(payload) || !subjectNamesIt(type, envelope, payload))
    return describeViolations(type, attributes, data);
  return { ok: true, event: checkedEvent(type, envelope, payload) };
}

/** The same check with class-validator and class-transformer, which say what is wrong. */
export function describeViolations(
  type: EventType,
  attributes: Record<string, unknown>,
  data: unknown,
): CheckResult {
  const envelope = plainToInstance(CloudEventEnvelope, attributes);
  const problems = describeErrors(validateSync(envelope, { stopAtFirstError: true }), '');

  let payload: object | undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push('data must be a JSON object');
  } else {
    payload = plainToInstance(EVENT_TYPES[type].data as new () => object, data);
    problems.push(...describeErrors(validateSync(payload, { stopAtFirstError: true }), 'data'));
    if (!subjectNamesIt(type, envelope, payload))
      problems.push(`subject must equal data.${EVENT_TYPES[type].key}`);
  }

  if (problems.length > 0 || payload === undefined) {
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const more =
      problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
    return { ok: false, reason: 'SCHEMA_VIOLATION', message: shown + more };
  }
  return { ok: true, event: checkedEvent(type, envelope, payload) };
}

/** The subject, when there is one, must be the dossier code or document id the data names. */
function subjectNamesIt(type: EventType, envelope: CloudEventEnvelope, payload: object): boolean {
  const named = (payload as Record<string, unknown>)[EVENT_TYPES[type].key];
  return envelope.subject === undefined || typeof named !== 'string' || envelope.subject === named;
}

function checkedEvent(type: EventType, envelope: CloudEventEnvelope, payload: object): CheckedEvent {
  const { id, source, subject, time } = envelope;
  // The payload is an instance of the type's own data class: the pair is one member of the union.
  return { type, id, source, subject, time, data: payload } as CheckedEvent;
}

/** "data.applicant.idNumber must be …" lines from class-validator's error tree. */
export function describeErrors(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    const own =
      error.value === undefined && error.constraints
        ? [`${path} is required`]
        : Object.values(error.constraints ?? {}).map((message) => `${path} ${message}`);
    return [...own, ...describeErrors(error.children ?? [], path)];
  });
}

export type ReceiptCheck =
  | { ok: true; id: string; source: string; receipt: ArchiveReceipt }
  | { ok: false; reason: 'UNKNOWN_TYPE' | 'SCHEMA_VIOLATION'; message: string };

/** Checks an archive's answer (docs/events.md section 9): CloudEvent attributes and data; problems name fields and rules, never values. */
export function checkArchiveReceipt(attributes: Record<string, unknown>, data: unknown): ReceiptCheck {
  if (attributes.type !== ARCHIVE_RECEIPT_TYPE)
    return {
      ok: false,
      reason: 'UNKNOWN_TYPE',
      message: `type ${JSON.stringify(attributes.type).slice(0, 140)} is not ${ARCHIVE_RECEIPT_TYPE}`,
    };
  const envelope = plainToInstance(CloudEventEnvelope, attributes);
  const problems = describeErrors(validateSync(envelope, { stopAtFirstError: true }), '');
  const isObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  const receipt = isObject ? plainToInstance(ArchiveReceipt, data) : undefined;
  if (!receipt) problems.push('data must be a JSON object');
  else {
    problems.push(...describeErrors(validateSync(receipt, { stopAtFirstError: true }), 'data'));
    if (receipt.outcome === 'rejected' && !receipt.reasons?.length)
      problems.push('data.reasons must name at least one reason when the package is rejected');
    if (envelope.subject !== undefined && envelope.subject !== receipt.packageId)
      problems.push('subject must equal data.packageId');
  }
  if (problems.length > 0 || !receipt)
    return { ok: false, reason: 'SCHEMA_VIOLATION', message: problems.slice(0, 10).join('; ') };
  receipt.reasons ??= [];
  return { ok: true, id: envelope.id, source: envelope.source, receipt };
}
