import { IsBoolean, Matches } from 'class-validator';
import { ALERT_KINDS, type AlertKind } from '../hoso/efile-alert';
import { COMPLETED_BY, type CompletedBy } from '../hoso/efile-assembled';
import { RETENTION, type RetentionCode } from '../code-lists';
import { Nested, NestedList } from '../rules/field-rules';
import { Doc, In, Omittable, Str, Whole } from './fields';

// What an operator does to dossiers and files, and what each action answers.

/** A revision an action emitted. */
export class EmittedRevision {
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @In('completedBy', COMPLETED_BY) completedBy!: CompletedBy;
}

class RaisedAlert {
  @In('kind', ALERT_KINDS) kind!: AlertKind;
}

/** What an action on a dossier changed: the revisions it emitted and the alerts it raised. */
export class FilingOutcome {
  @Str() dossierCode!: string;
  @NestedList(() => EmittedRevision, 100) emitted!: EmittedRevision[];
  @NestedList(() => RaisedAlert, 10) alerts!: RaisedAlert[];
}

export class ReclassifyRequest {
  @Omittable()
  @Matches(/^[A-Z][A-Z0-9.-]{0,16}$/, {
    message: 'heading must be a heading symbol of the file plan, e.g. HT',
  })
  @Doc('the symbol of a heading of the file plan, e.g. HT (default: the heading its procedure has now)')
  heading?: string;

  @Omittable()
  @IsBoolean()
  @Doc('only say what would change; false reclassifies', { default: true })
  dryRun: boolean = true;
}

/** A heading of the file plan, as an operator sees it when reclassifying a file. */
export class HeadingSummary {
  @Str() @Doc('its symbol, e.g. HT') heading!: string;
  @Str() headingTitle!: string;
  @Omittable() @In('retention', Object.keys(RETENTION)) retention!: RetentionCode | null;
  @Str() @Doc('the legal basis of its retention') basis!: string;
  @IsBoolean() @Doc('false: a file under it needs classification') classified!: boolean;
}

/** What reclassifying a file would do. */
export class Reclassification {
  @Str() dossierCode!: string;
  @Omittable() @Str() @Doc('the code the file has now; null when it was never emitted') fileCode!:
    string | null;
  @Omittable() @Nested(() => HeadingSummary) from?: HeadingSummary;
  @Omittable() @Nested(() => HeadingSummary) to?: HeadingSummary;
  @Omittable() @Str() @Doc('why it may not be reclassified, if it may not') problem?: string;
}

/** POST /admin/efiles/{fileCode}/reclassify: what it did, or in a dry run would do. */
export class ReclassifyResult extends Reclassification {
  @IsBoolean() dryRun!: boolean;
  @Omittable()
  @NestedList(() => EmittedRevision, 10)
  @Doc('the revision emitted under the new code')
  emitted?: EmittedRevision[];
}
