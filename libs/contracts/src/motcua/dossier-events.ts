import { Applicant, DossierComponent, Official, Procedure, ResultDocumentRef } from '../parts';
import { AgencyCode, Nested, NestedList, OneOf, Optional, Text, VnDateTime } from '../rules/field-rules';

// One-stop-shop events (Một cửa điện tử), docs/events.md section 3. Each class is the `data` of one type.

/** Fields every dossier event carries. */
export abstract class DossierEvent {
  /**
   * The one-stop dossier code: Circular 01/2018/TT-VPCP Article 19 gives `<agency code>-YYMMDD-XXXX`
   * (e.g. 000.00.20.H17-260302-0042); other forms partners send are accepted too (docs/filing.md).
   */
  @Text(1, 50) dossierCode!: string;
  /** The electronic identifier of the receiving agency. */
  @AgencyCode() agencyCode!: string;
}

/**
 * An event that may end the dossier, or resolve it. It may name the procedure too, since a dossier refused
 * at the desk may never have a `received` event and any event may arrive first (docs/events.md section 3).
 */
export abstract class DossierEnding extends DossierEvent {
  @Optional() @Nested(() => Procedure) procedure?: Procedure;
}

export const CHANNELS = ['in_person', 'online', 'postal'] as const;
export const RETURN_METHODS = ['in_person', 'postal', 'online'] as const;
export const OUTCOMES = ['approved', 'denied'] as const;

/** Status 2: the one-stop desk accepted the dossier. */
export class DossierReceived extends DossierEvent {
  @Text(1, 200) agencyName!: string;
  @Nested(() => Procedure) procedure!: Procedure;
  @Nested(() => Applicant) applicant!: Applicant;
  @Text(1, 1000) summary!: string;
  @OneOf(CHANNELS) channel!: (typeof CHANNELS)[number];
  @VnDateTime() receivedAt!: string;
  /** The appointment date for the result (ngày hẹn trả). */
  @VnDateTime() dueAt!: string;
  @Nested(() => Official) receivedBy!: Official;
  @NestedList(() => DossierComponent, 500) components!: DossierComponent[];
}

/** Status 5: the applicant must supplement the dossier. */
export class DossierSupplementRequested extends DossierEvent {
  @VnDateTime() requestedAt!: string;
  @Text(1, 2000) reason!: string;
  @Nested(() => Official) requestedBy!: Official;
}

/** Status 4: the applicant supplemented the dossier. */
export class DossierSupplemented extends DossierEvent {
  @VnDateTime() supplementedAt!: string;
  @NestedList(() => DossierComponent, 500) components!: DossierComponent[];
}

/** Status 4: the dossier moved to another unit for processing. */
export class DossierTransferred extends DossierEvent {
  @VnDateTime() transferredAt!: string;
  @Text(1, 200) fromUnit!: string;
  @Text(1, 200) toUnit!: string;
  @Nested(() => Official) actor!: Official;
}

/** Status 9: processing finished; the result documents are named by number and notation only. */
export class DossierResolved extends DossierEnding {
  @VnDateTime() resolvedAt!: string;
  @OneOf(OUTCOMES) outcome!: (typeof OUTCOMES)[number];
  @NestedList(() => ResultDocumentRef, 50) resultDocuments!: ResultDocumentRef[];
  @Nested(() => Official) actor!: Official;
}

/** Status 10: the result was handed to the applicant. */
export class DossierResultReturned extends DossierEnding {
  @VnDateTime() returnedAt!: string;
  @OneOf(RETURN_METHODS) method!: (typeof RETURN_METHODS)[number];
}

/** Status 3: the desk refused to receive the dossier. */
export class DossierRefused extends DossierEnding {
  @VnDateTime() refusedAt!: string;
  @Text(1, 2000) reason!: string;
}

/** Status 7: the applicant withdrew the dossier. */
export class DossierWithdrawn extends DossierEnding {
  @VnDateTime() withdrawnAt!: string;
  @Optional() @Text(1, 2000) reason?: string;
}

/** Status 8: processing was stopped. */
export class DossierStopped extends DossierEnding {
  @VnDateTime() stoppedAt!: string;
  @Text(1, 2000) reason!: string;
}
