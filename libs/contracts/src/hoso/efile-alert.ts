import { AgencyCode, OneOf, Optional, Text, VnDateTime } from '../rules/field-rules';

/**
 * overdue: past the appointment date unfinished; unmatched: filed without named result documents;
 * needs_classification: no heading in the file plan; transfer_due_soon / transfer_overdue: 30 days before,
 * and on, the day a file falls overdue for the current archive; historical_transfer_due_soon: 30 days
 * before a permanent file's deadline for the historical archive; archive_rejected: the archive refused a
 * package of the file (docs/events.md section 9).
 */
export const ALERT_KINDS = [
  'overdue',
  'unmatched',
  'needs_classification',
  'transfer_due_soon',
  'transfer_overdue',
  'historical_transfer_due_soon',
  'archive_rejected',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The data of vn.hoso.efile.alert.v1 on hoso.efile.alerts.v1, raised once per kind and dossier. */
export class EFileAlert {
  @OneOf(ALERT_KINDS) kind!: AlertKind;
  @Text(1, 50) dossierCode!: string;
  @Optional() @AgencyCode() agencyCode!: string | null;
  @Optional() @Text(1, 100) fileCode!: string | null;
  /** What is wrong, for an operator; never personal data. */
  @Text(1, 2000) detail!: string;
  @VnDateTime() raisedAt!: string;
}

export const EFILE_ALERT_TYPE = 'vn.hoso.efile.alert.v1';
