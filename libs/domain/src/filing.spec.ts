import {
  dossierHistory,
  factsOf,
  FILE_PLAN,
  type HistoryOptions,
  PLAIN_HISTORY,
  toStored,
} from '@test/fixtures';
import { type StoredEvent } from './facts';
import { decideFiling, type DossierSnapshot, fileRevision, newFileCode } from './filing';
import { previousOf } from './revision';

const OPTIONS: HistoryOptions = { ...PLAIN_HISTORY, seed: 'pl01', styles: [0, 0, 0] };
const NOW = new Date('2026-03-20T00:00:00Z');
const context = { planOf: () => FILE_PLAN, gracePeriodMs: 3_600_000, now: NOW };

/** The snapshot of the history's dossier, with or without its documents. */
function snapshot(events: StoredEvent[], withDocuments: boolean, file: Partial<DossierSnapshot> = {}) {
  const { dossier, documents } = factsOf(events);
  return {
    dossier: dossier!,
    documents: withDocuments ? documents : [],
    confirmed: new Set<string>(),
    fileCode: null,
    emittedRevision: 0,
    graceExpired: false,
    previous: undefined,
    ...file,
  };
}

describe('the filing planner', () => {
  const events = dossierHistory(OPTIONS).map((e, i) => toStored(e, i));

  it('should file a complete dossier now, under its heading, and set no grace period', () => {
    const decision = decideFiling(snapshot(events, true), context);
    expect(decision.filing?.trigger.kind).toBe('complete');
    expect(decision.deadlines.map((d) => d.kind)).toEqual([]);
    const { revision, alerts } = fileRevision(decision, newFileCode(decision, 7));
    expect(revision?.fileNotation).toMatch(/^07\./);
    expect(revision?.revision).toBe(1);
    expect(alerts).toEqual([]);
  });

  it('should wait a grace period for a named result document, then file without it and say what was missing', () => {
    const waiting = decideFiling(snapshot(events, false), context);
    expect(waiting.filing).toBeUndefined();
    expect(waiting.deadlines).toEqual([
      expect.objectContaining({ kind: 'grace', dueAt: new Date(NOW.getTime() + 3_600_000) }),
    ]);
    const expired = decideFiling(snapshot(events, false), { ...context, graceExpiredNow: true });
    expect(expired.filing?.trigger.kind).toBe('grace_expired');
    const { revision, alerts } = fileRevision(expired, newFileCode(expired, 1));
    expect(revision).not.toBeNull();
    expect(alerts.map((a) => a.kind)).toEqual(['unmatched']);
    expect(alerts[0]!.detail).toMatch(/^filed after the grace period; /);
  });

  it('should emit nothing when the content did not change since the last revision', () => {
    const first = decideFiling(snapshot(events, true), context);
    const code = newFileCode(first, 1);
    const { revision } = fileRevision(first, code);
    const again = decideFiling(
      snapshot(events, true, {
        fileCode: code,
        emittedRevision: 1,
        previous: previousOf(revision!),
      }),
      context,
    );
    expect(fileRevision(again, code).revision).toBeNull();
  });
});
