import { type AlertKind, type EFileAssembled } from '@hoso/contracts';
import { assemble, type SlipDrawer } from './assemble';
import { type Completion, completion, correlate, type Member, whatIsMissing } from './correlation';
import { type DocumentFacts, type DossierFacts, filingYear } from './facts';
import { fileCodeOf, fileNotation, headingOfFileCode, parseFileCode } from './file-code';
import {
  classificationProblem,
  counterOf,
  fileHeading,
  type FilePlan,
  ordinalWidthOf,
  type PlanChoice,
} from './file-plan';
import { type TransferDeadlineKind } from './transfer';
import { aliasesAfter, emissionTrigger, nextRevision, type PreviousRevision, type Trigger } from './revision';

// The filing policy in two pure steps around the one thing only the database can do, numbering files:
// decideFiling says what a dossier's facts call for, fileRevision what to emit once its file has a code.

/** What the store holds of one dossier when it is refiled. */
export interface DossierSnapshot {
  dossier: DossierFacts;
  /** Documents that may belong to its file (a superset: the rules decide), and those an operator confirmed. */
  documents: readonly DocumentFacts[];
  confirmed: ReadonlySet<string>;
  /** Its file so far: the code allocated once for its life, the last revision emitted. */
  fileCode: string | null;
  emittedRevision: number;
  graceExpired: boolean;
  previous: PreviousRevision | undefined;
}

export interface FilingContext {
  /** The file plan of an agency for a year. */
  planOf: (agencyCode: string, year: number) => FilePlan;
  gracePeriodMs: number;
  now: Date;
  /** The grace deadline came due now, or an operator forces the file out with what is there. */
  graceExpiredNow?: boolean;
  forced?: boolean;
  /** Draws the processing-control slip each file lists last (libs/archive's). */
  drawSlip?: SlipDrawer;
}

/** grace: missing result documents; overdue: the appointment date; the others: transfer to the archive. */
export type DeadlineKind = 'grace' | 'overdue' | TransferDeadlineKind;

export interface FilingDeadline {
  dossierCode: string;
  kind: 'grace' | 'overdue';
  dueAt: Date;
}

export interface FilingAlert {
  kind: AlertKind;
  dossierCode: string;
  agencyCode: string | null;
  fileCode: string | null;
  detail: string;
}

export interface FilingDecision {
  snapshot: DossierSnapshot;
  members: Member[];
  state: Completion;
  deadlines: FilingDeadline[];
  alerts: FilingAlert[];
  /** Due to be filed now, under this heading; a file without a code takes the next number of `counter`. */
  filing?: {
    year: number;
    filePlan: FilePlan;
    heading: PlanChoice;
    trigger: Trigger;
    counter: string;
    drawSlip?: SlipDrawer;
  };
}

/** What a dossier's facts call for: its members, timers, alerts, and whether (and where) to file it now. */
export function decideFiling(snapshot: DossierSnapshot, context: FilingContext): FilingDecision {
  const { dossier, fileCode } = snapshot;
  const members = correlate(dossier, snapshot.documents, snapshot.confirmed);
  const state = completion(dossier, members);
  const deadlines: FilingDeadline[] = [];
  const alerts: FilingAlert[] = [];
  const code = dossier.dossierCode;
  if (dossier.received && !dossier.terminal)
    deadlines.push({ dossierCode: code, kind: 'overdue', dueAt: new Date(dossier.received.dueAt) });
  if (dossier.terminal && !state.complete && snapshot.emittedRevision === 0 && !snapshot.graceExpired)
    deadlines.push({
      dossierCode: code,
      kind: 'grace',
      dueAt: new Date(context.now.getTime() + context.gracePeriodMs),
    });
  // A file keeps the year and heading of its code; a new one takes them from its facts.
  const year = fileCode ? Number(parseFileCode(fileCode).fileCatalog) : filingYear(dossier);
  // A dossier only documents have named so far has no agency or year yet, and nothing to file.
  if (!dossier.agencyCode || year === undefined) return { snapshot, members, state, deadlines, alerts };
  const filePlan = context.planOf(dossier.agencyCode, year);
  const heading = fileHeading(
    filePlan,
    dossier.procedure?.code,
    fileCode ? headingOfFileCode(fileCode) : undefined,
  );
  const trigger = emissionTrigger(dossier, state, snapshot.emittedRevision > 0, {
    graceExpired: snapshot.graceExpired || (context.graceExpiredNow ?? false),
    forced: context.forced ?? false,
  });
  const problem = classificationProblem(filePlan, heading, dossier.procedure, trigger !== undefined);
  if (problem) alerts.push(alertOf('needs_classification', dossier, fileCode, problem));
  return {
    snapshot,
    members,
    state,
    deadlines,
    alerts,
    filing: trigger && {
      year,
      filePlan,
      heading,
      trigger,
      counter: counterOf(filePlan, heading.heading),
      drawSlip: context.drawSlip,
    },
  };
}

/** The file code of a file numbered `ordinal` as the decision says. */
export function newFileCode(decision: FilingDecision, ordinal: number): string {
  const { filing, snapshot } = decision;
  return fileCodeOf({
    organId: snapshot.dossier.agencyCode,
    fileCatalog: String(filing!.year),
    fileNotation: fileNotation(ordinal, filing!.heading.heading, ordinalWidthOf(filing!.filePlan)),
  });
}

/** Once the file has its code: the revision to emit, if its content changed, and the alerts that go with it. */
export function fileRevision(
  decision: FilingDecision,
  fileCode: string,
): { revision: EFileAssembled | null; alerts: FilingAlert[] } {
  const { snapshot, members, state, filing } = decision;
  if (!filing) return { revision: null, alerts: [] };
  const { dossier, previous } = snapshot;
  const assembly = assemble({
    dossier,
    members,
    plan: filing.heading,
    file: parseFileCode(fileCode),
    aliases: aliasesAfter(previous, fileCode),
    drawSlip: filing.drawSlip,
  });
  const revision = nextRevision(assembly, previous, filing.trigger);
  const missing = whatIsMissing(state).join('; ');
  const alerts =
    revision && filing.trigger.kind === 'grace_expired' && missing
      ? [alertOf('unmatched', dossier, revision.fileCode, `filed after the grace period; ${missing}`)]
      : [];
  return { revision, alerts };
}

export function alertOf(
  kind: AlertKind,
  dossier: DossierFacts,
  fileCode: string | null,
  detail: string,
): FilingAlert {
  return { kind, dossierCode: dossier.dossierCode, agencyCode: dossier.agencyCode || null, fileCode, detail };
}

/** Where the dossier stands, for lists and statistics. */
export function statusOf(d: DossierFacts): string {
  if (d.terminal) return d.terminal.kind;
  if (d.resolved) return 'resolved';
  if (d.transfers.length > 0 || d.supplementRequests.length > 0) return 'processing';
  return d.received ? 'received' : 'unknown';
}
