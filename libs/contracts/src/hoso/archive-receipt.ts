import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeErrors } from '../check-event';
import { CloudEventEnvelope } from '../envelope';
import { Int, NestedList, OneOf, Optional, Text, VnDateTime } from '../rules/field-rules';

// The agency archive's answer to a submission package, on hoso.archive.receipts.v1 (docs/events.md
// section 9): an extension of the contract that issue 25 asked for.

export const RECEIPT_OUTCOMES = ['accepted', 'rejected'] as const;

/** Why the archive refused a package: its own code, and a text an operator can act on. */
export class ReceiptReason {
  @Text(1, 50) code!: string;
  @Text(1, 2000) text!: string;
}

/** The data of vn.hoso.archive.receipt.v1: the archive took a package, or refused it with reasons. */
export class ArchiveReceipt {
  /** The package's OBJID (uuid-…), as GET /admin/efiles/{fileCode}/sip named it in x-package-objid. */
  @Text(1, 100) packageId!: string;
  @Text(1, 100) fileCode!: string;
  @Int(1, 1_000_000) revision!: number;
  @OneOf(RECEIPT_OUTCOMES) outcome!: (typeof RECEIPT_OUTCOMES)[number];
  /** At least one when rejected (checkArchiveReceipt); remarks, if any, when accepted. */
  @Optional() @NestedList(() => ReceiptReason, 100) reasons!: ReceiptReason[];
  @VnDateTime() answeredAt!: string;
  /** Which archive answered (its name or code), for the history. */
  @Optional() @Text(1, 200) archive?: string;
}

export const ARCHIVE_RECEIPT_TYPE = 'vn.hoso.archive.receipt.v1';

export type ReceiptCheck =
  | { ok: true; id: string; source: string; receipt: ArchiveReceipt }
  | { ok: false; reason: 'UNKNOWN_TYPE' | 'SCHEMA_VIOLATION'; message: string };

/** Checks an answer's CloudEvent attributes and data; problems name fields and rules, never values. */
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
