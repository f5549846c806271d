import {
  type Alert,
  type AuditEntry,
  type DeadLetterDetail,
  type DeadLetterSummary,
  type DocumentSummary,
  type DossierStatus,
  type DossierSummary,
  type EFileAssembled,
  type EFileRevision,
  type StoredEventView,
  type Suggestion,
} from '@hoso/contracts';
import {
  type AlertRecord,
  type DocumentRecord,
  type DossierRecord,
  type EFileRecord,
  type LinkSuggestion,
} from '../correlation/correlation.entities';
import { type DeadLetter } from '../dead-letter/dead-letter.entity';
import { type InboxEvent } from '../inbox/inbox-event.entity';
import { type AuditRecord } from './operations.entities';

// The stored rows as the admin API shows them (libs/contracts/src/admin-api): what each list and item holds.

const iso = (at: Date | null): string | null => (at === null ? null : at.toISOString());

export const dossierView = (d: DossierRecord): DossierSummary => ({
  dossierCode: d.dossierCode,
  agencyCode: d.agencyCode,
  agencyName: d.agencyName,
  procedureCode: d.procedureCode,
  status: d.status as DossierStatus,
  receivedAt: iso(d.receivedAt),
  dueAt: iso(d.dueAt),
  terminalAt: iso(d.terminalAt),
  onTime: d.onTime,
  fileCode: d.fileCode,
  classified: d.classified,
  transferredAt: iso(d.transferredAt),
  emittedRevision: d.emittedRevision,
  emittedAt: iso(d.emittedAt),
  missingNamed: d.missingNamed,
  graceExpired: d.graceExpired,
});

export const documentView = (d: DocumentRecord): DocumentSummary => ({
  documentId: d.documentId,
  agencyCode: d.agencyCode,
  issuedDate: d.issuedDate,
  hasBase: d.hasBase,
  revoked: d.revoked,
  direction: d.direction,
});

export const revisionView = ({ body, createdAt, ...row }: EFileRecord): EFileRevision => ({
  ...row,
  createdAt: createdAt.toISOString(),
  efile: JSON.parse(body) as EFileAssembled,
});

export const alertView = (a: AlertRecord): Alert => ({
  id: String(a.id),
  kind: a.kind as Alert['kind'],
  dossierCode: a.dossierCode,
  agencyCode: a.agencyCode,
  fileCode: a.fileCode,
  detail: a.detail,
  createdAt: a.createdAt.toISOString(),
});

export const suggestionView = (s: LinkSuggestion): Suggestion => ({
  ...s,
  createdAt: s.createdAt.toISOString(),
  decidedAt: iso(s.decidedAt),
});

export const eventView = ({
  payload,
  id: _id,
  aggregateId: _a,
  contentSha256: _h,
  ...e
}: InboxEvent): StoredEventView => ({
  ...e,
  eventTime: iso(e.eventTime),
  recordedAt: e.recordedAt.toISOString(),
  data: JSON.parse(payload) as unknown,
});

export const deadLetterView = (l: DeadLetter): DeadLetterSummary => ({
  id: l.id,
  reason: l.reason as DeadLetterSummary['reason'],
  message: l.message,
  sourceTopic: l.sourceTopic,
  sourcePartition: l.sourcePartition,
  sourceOffset: l.sourceOffset,
  eventSource: l.eventSource,
  eventId: l.eventId,
  eventType: l.eventType,
  agencyCode: l.agencyCode,
  kafkaTimestamp: iso(l.kafkaTimestamp),
  createdAt: l.createdAt.toISOString(),
  redrivenAt: iso(l.redrivenAt),
  redrivenBy: l.redrivenBy,
});

/** A dead letter with its key, value (as text when it is UTF-8) and headers. */
export const deadLetterDetail = (l: DeadLetter): DeadLetterDetail => ({
  ...deadLetterView(l),
  key: l.kafkaKey?.toString('utf8') ?? null,
  value: l.kafkaValue ? asText(l.kafkaValue) : null,
  headers: JSON.parse(l.kafkaHeaders) as unknown,
});

export const auditView = (a: AuditRecord): AuditEntry => ({
  ...a,
  id: String(a.id),
  at: a.at.toISOString(),
  parameters: JSON.parse(a.parameters) as unknown,
  outcome: a.outcome as AuditEntry['outcome'],
});

/** UTF-8 text when the bytes are valid UTF-8, else base64 (marked so). */
function asText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `base64:${bytes.toString('base64')}`;
  }
}
