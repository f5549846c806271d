import {
  type Official,
  PROCESSING_STEPS,
  type ProcessingStep,
  type ProcessingStepKind,
} from '@hoso/contracts';
import type { DossierFacts } from './facts';

/**
 * The one-stop desk that receives and returns every dossier under the one-stop mechanism of Decree
 * 61/2018/NĐ-CP; the events name the officials there, not the desk.
 */
export const ONE_STOP_DESK = 'Bộ phận tiếp nhận và trả kết quả';

/**
 * The dossier's processing history from its stored events, oldest first: what its processing-control slip
 * (Form 05, Circular 01/2018/TT-VPCP) records. Each step is judged against the dossier's appointment date,
 * the only deadline the events give (the slip's per-step deadlines are the one-stop system's own).
 */
export function processingSteps(dossier: DossierFacts): ProcessingStep[] {
  const applicant = dossier.received?.applicant.fullName ?? null;
  const due = dossier.received?.dueAt;
  const steps: ProcessingStep[] = [];
  const step = (
    kind: ProcessingStepKind,
    at: string,
    parts: { from?: string | null; to?: string | null; by?: Official | null; note?: string | null },
  ) =>
    steps.push({
      at,
      kind,
      from: parts.from ?? null,
      to: parts.to ?? null,
      by: parts.by ? { officialId: parts.by.officialId, fullName: parts.by.fullName } : null,
      onTime: due ? Date.parse(at) <= Date.parse(due) : null,
      note: parts.note ?? null,
    });

  const { received, resolved, returned, refused, withdrawn, stopped } = dossier;
  if (received) {
    step('received', received.receivedAt, { from: applicant, to: ONE_STOP_DESK, by: received.receivedBy });
  }
  for (const request of dossier.supplementRequests) {
    step('supplement_requested', request.requestedAt, {
      from: ONE_STOP_DESK,
      to: applicant,
      by: request.requestedBy,
      note: request.reason,
    });
  }
  for (const supplement of dossier.supplements) {
    step('supplemented', supplement.supplementedAt, { from: applicant, to: ONE_STOP_DESK });
  }
  for (const transfer of dossier.transfers) {
    step('transferred', transfer.transferredAt, {
      from: transfer.fromUnit,
      to: transfer.toUnit,
      by: transfer.actor,
    });
  }
  if (resolved) {
    step('resolved', resolved.resolvedAt, {
      by: resolved.actor,
      note: resolved.outcome === 'approved' ? 'Giải quyết: chấp thuận' : 'Giải quyết: không chấp thuận',
    });
  }
  if (returned) step('returned', returned.returnedAt, { from: ONE_STOP_DESK, to: applicant });
  if (refused)
    step('refused', refused.refusedAt, { from: ONE_STOP_DESK, to: applicant, note: refused.reason });
  if (withdrawn)
    step('withdrawn', withdrawn.withdrawnAt, { from: applicant, note: withdrawn.reason ?? null });
  if (stopped) step('stopped', stopped.stoppedAt, { note: stopped.reason });
  // Steps at the same instant go in the order a dossier is handled (PROCESSING_STEPS).
  return steps.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      PROCESSING_STEPS.indexOf(a.kind) - PROCESSING_STEPS.indexOf(b.kind),
  );
}
