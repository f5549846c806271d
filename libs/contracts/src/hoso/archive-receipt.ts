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
