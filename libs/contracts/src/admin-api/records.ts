import { IsBoolean, IsIn, Length } from 'class-validator';
import { LINK_RULES, type LinkRule } from '../code-lists';
import { ALERT_KINDS, type AlertKind } from '../hoso/efile-alert';
import { EFileAssembled } from '../hoso/efile-assembled';
import { Nested, NestedList } from '../rules/field-rules';
import { ListQuery } from './common';
import { AnyJson, At, Count, Doc, In, Omittable, Str, Whole } from './fields';
import { PendingCounts } from './statistics';

// What the admin API shows of the bridge's state: dossiers, documents, e-files, what waits, alerts.

export const DOSSIER_STATUSES = [
  'received',
  'processing',
  'resolved',
  'result_returned',
  'refused',
  'withdrawn',
  'stopped',
  'unknown',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** What the bridge knows of a dossier. */
export class DossierSummary {
  @Str() dossierCode!: string;
  @Omittable() @Str() agencyCode!: string | null;
  @Omittable() @Str() agencyName!: string | null;
  @Omittable() @Str() procedureCode!: string | null;
  @In('status', DOSSIER_STATUSES) status!: DossierStatus;
  @Omittable() @At('when the desk received it') receivedAt!: string | null;
  @Omittable() @At('the appointment date') dueAt!: string | null;
  @Omittable() @At('when it ended') terminalAt!: string | null;
  @Omittable() @IsBoolean() onTime!: boolean | null;
  @Omittable() @Str() @Doc('its file code, once its file was emitted') fileCode!: string | null;
  @Omittable() @IsBoolean() classified!: boolean | null;
  @Omittable() @At('when a whole package of its file went to the archive') transferredAt!: string | null;
  @Count('the last revision emitted; 0 before its file') emittedRevision!: number;
  @Omittable() @At('when the last revision was emitted') emittedAt!: string | null;
  @Count('result documents its resolution named that are not in its file yet') missingNamed!: number;
  @IsBoolean() @Doc('its grace period ran out') graceExpired!: boolean;
}

export class DossierListQuery extends ListQuery {
  @Omittable() @Length(1, 13) @Doc('one agency only', { example: '000.00.20.H17' }) agency?: string;
  @Omittable() @In('status', DOSSIER_STATUSES) status?: DossierStatus;
}

/** A stored event, as the inbox holds it. */
export class StoredEventView {
  @Str() source!: string;
  @Str() eventId!: string;
  @Str() type!: string;
  @Omittable() @Str() subject!: string | null;
  @Omittable() @At('the CloudEvent time') eventTime!: string | null;
  @Str() topic!: string;
  @Whole('Kafka partition') kafkaPartition!: number;
  @Str() @Doc('Kafka offset') kafkaOffset!: string;
  @At('when the bridge stored it') recordedAt!: string;
  @AnyJson('the data, normalized as stored') data!: unknown;
}

/** A document in the dossier's file, and the rule that put it there (docs/events.md section 5). */
export class FileMember {
  @Str() documentId!: string;
  @In('rule', LINK_RULES) rule!: LinkRule;
}

/** A dossier whose file holds the document, and the rule that put it there. */
export class HoldingDossier {
  @Str() dossierCode!: string;
  @In('rule', LINK_RULES) rule!: LinkRule;
}

/** One revision of an e-file, as emitted. */
export class EFileRevision {
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @Str() dossierCode!: string;
  @Str() contentHash!: string;
  @Str() completedBy!: string;
  @At('when it was emitted') createdAt!: string;
  @Nested(() => EFileAssembled) efile!: EFileAssembled;
}

/** GET /admin/efiles/{fileCode}: every revision of a file, under its code now. */
export class EFileRevisions {
  @Str() @Doc('the code the file has now') fileCode!: string;
  @NestedList(() => EFileRevision, 1_000_000) revisions!: EFileRevision[];
}

export class Alert {
  @Str() id!: string;
  @In('kind', ALERT_KINDS) kind!: AlertKind;
  @Str() dossierCode!: string;
  @Omittable() @Str() agencyCode!: string | null;
  @Omittable() @Str() fileCode!: string | null;
  @Str() detail!: string;
  @At('when it was raised') createdAt!: string;
}

export class AlertListQuery extends ListQuery {
  @Omittable() @In('kind', ALERT_KINDS) kind?: AlertKind;
  @Omittable() @Length(1, 13) @Doc('one agency only') agency?: string;
}

export const SUGGESTION_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** A rule-4 suggestion: the applicant is named in a document of the dossier's window. */
export class Suggestion {
  @Str() dossierCode!: string;
  @Str() documentId!: string;
  @In('status', SUGGESTION_STATUSES) status!: SuggestionStatus;
  @At('when it was suggested') createdAt!: string;
  @Omittable() @At('when an operator decided') decidedAt!: string | null;
  @Omittable() @Str() decidedBy!: string | null;
}

export class SuggestionListQuery extends ListQuery {
  @Omittable()
  @In('status', SUGGESTION_STATUSES)
  @Doc('', { default: 'pending' })
  status: SuggestionStatus = 'pending';
}

/** GET /admin/dossiers/{code}: a dossier with its file, alerts, suggestions and the events it was built from. */
export class DossierDetail {
  @Nested(() => DossierSummary) dossier!: DossierSummary;
  @NestedList(() => FileMember, 10_000) members!: FileMember[];
  @NestedList(() => EFileRevision, 1_000_000) efiles!: EFileRevision[];
  @NestedList(() => Alert, 10) alerts!: Alert[];
  @NestedList(() => Suggestion, 10_000) suggestions!: Suggestion[];
  @NestedList(() => StoredEventView, 100_000) events!: StoredEventView[];
}

/** What the bridge knows of a document. */
export class DocumentSummary {
  @Str() documentId!: string;
  @Omittable() @Str() agencyCode!: string | null;
  @Omittable() @Str() @Doc('YYYY-MM-DD') issuedDate!: string | null;
  @IsBoolean() @Doc('its issued or received event has come; until then it joins no file') hasBase!: boolean;
  @IsBoolean() revoked!: boolean;
  @Omittable() @IsIn(['outgoing', 'incoming']) direction!: 'outgoing' | 'incoming' | null;
}

/** GET /admin/documents/{id}: a document, the dossiers whose files hold it, and its events. */
export class DocumentDetail {
  @Nested(() => DocumentSummary) document!: DocumentSummary;
  @NestedList(() => HoldingDossier, 10_000) dossiers!: HoldingDossier[];
  @NestedList(() => StoredEventView, 100_000) events!: StoredEventView[];
}

/** An e-file at its latest revision, as a list shows it. */
export class EFileSummary {
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @Str() dossierCode!: string;
  @Str() contentHash!: string;
  @Str() completedBy!: string;
  @At('when the revision was emitted') createdAt!: string;
  @Str() title!: string;
  @Count('documents in the file') docTotal!: number;
}

export class EFileListQuery extends ListQuery {
  @Length(1, 13)
  @Doc('the agency whose e-files to list, newest first', { example: '000.00.20.H17' })
  agency!: string;
}

/** A document that joined no file yet. */
export type PendingDocument = DocumentSummary;

/** A dossier that ended and waits to be filed. */
export class PendingDossier {
  @Str() dossierCode!: string;
  @Omittable() @Str() agencyCode!: string | null;
  @In('status', DOSSIER_STATUSES) status!: DossierStatus;
  @Omittable() @At('when it ended') terminalAt!: string | null;
  @Count('result documents its resolution named that are not here yet') missingNamed!: number;
}

export class PendingDocumentPage {
  @NestedList(() => DocumentSummary, 500) items!: DocumentSummary[];
  @Omittable() @Str() next!: string | null;
}

export class PendingDossierPage {
  @NestedList(() => PendingDossier, 500) items!: PendingDossier[];
  @Omittable() @Str() next!: string | null;
}

/** GET /admin/pending: what waits, counted, and the first page of each list (each pages on by itself). */
export class Pending {
  @Nested(() => PendingCounts) counts!: PendingCounts;
  @Nested(() => PendingDocumentPage) documents!: PendingDocumentPage;
  @Nested(() => PendingDossierPage) dossiers!: PendingDossierPage;
}

/** An operator's action, as the audit trail keeps it. */
export class AuditEntry {
  @Str() id!: string;
  @At('when') at!: string;
  @Str() actor!: string;
  @Str() role!: string;
  @Str() @Doc('the action, e.g. dossier.force-complete') action!: string;
  @Omittable() @Str() target!: string | null;
  @AnyJson('the query and body it was called with') parameters!: unknown;
  @IsIn(['ok', 'error']) outcome!: 'ok' | 'error';
  @Str() @Doc('what it answered, shortened') result!: string;
}
