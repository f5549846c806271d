import { type EFileAssembled } from '@hoso/contracts';
import {
  dossierHistory,
  factsOf,
  FILE_PLAN,
  type HistoryOptions,
  NOTATION_STYLES,
  toStored,
} from '@test/fixtures';
import fc from 'fast-check';
import { type StoredEvent } from './facts';
import { decideFiling, fileRevision, newFileCode } from './filing';
import { previousOf, type PreviousRevision } from './revision';

/**
 * The bridge's refiling without a database: after every event, the dossier is recomputed from all facts
 * seen so far by the planner the bridge uses (decideFiling, then fileRevision once the file has a code).
 */
function fileAsEventsArrive(arrivals: readonly StoredEvent[]): EFileAssembled[] {
  const seen: StoredEvent[] = [];
  const emitted: EFileAssembled[] = [];
  let previous: PreviousRevision | undefined;
  let fileCode: string | null = null;
  for (const event of arrivals) {
    seen.push(event);
    const { dossier, documents } = factsOf(seen);
    if (!dossier) continue;
    const decision = decideFiling(
      {
        dossier,
        documents,
        confirmed: new Set(),
        fileCode,
        emittedRevision: previous?.revision ?? 0,
        graceExpired: false,
        previous,
      },
      { planOf: () => FILE_PLAN, gracePeriodMs: 60_000, now: new Date('2026-03-02T00:00:00Z') },
    );
    if (!decision.filing) continue;
    // One dossier per heading here, so it always gets the first number; the code is kept for life.
    fileCode ??= newFileCode(decision, 1);
    const { revision } = fileRevision(decision, fileCode);
    if (revision) {
      emitted.push(revision);
      previous = previousOf(revision);
    }
  }
  return emitted;
}

const histories: fc.Arbitrary<HistoryOptions> = fc.record({
  seed: fc.stringMatching(/^[a-z0-9]{4}$/),
  results: fc.integer({ min: 0, max: 3 }),
  styles: fc.array(fc.integer({ min: 0, max: NOTATION_STYLES.length - 1 }), { minLength: 3, maxLength: 3 }),
  terminal: fc.constantFrom('returned', 'refused', 'withdrawn', 'stopped', null),
  supplement: fc.boolean(),
  explicit: fc.boolean(),
  linked: fc.boolean(),
  reply: fc.boolean(),
  revoke: fc.boolean(),
  noise: fc.boolean(),
  corrections: fc.boolean(),
  received: fc.constantFrom(true, true, true, false),
  procedureOnEnding: fc.boolean(),
});

/** Whether the pure rules file the dossier at all (no grace period runs out here). */
const files = (o: HistoryOptions) =>
  o.terminal !== null && (o.received !== false || (o.terminal === 'refused' && o.procedureOnEnding === true));

/** A history, one of its permutations with some events delivered again, and the in-order baseline. */
const scenarios = histories.chain((options) => {
  const events = dossierHistory(options).map((e, i) => toStored(e, i));
  return fc.record({
    options: fc.constant(options),
    inOrder: fc.constant(events),
    shuffled: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    redelivered: fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 4 }),
    at: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  });
});

const last = (revisions: EFileAssembled[]) => revisions.at(-1);

describe('filing, for any order of arrival', () => {
  it('should end with the same e-file (file code and content hash) for every permutation with duplicates', () => {
    fc.assert(
      fc.property(scenarios, ({ inOrder, shuffled, redelivered, at }) => {
        const arrivals = [...shuffled];
        redelivered.forEach((index, i) =>
          arrivals.splice(at[i]! % (arrivals.length + 1), 0, inOrder[index]!),
        );
        const expected = last(fileAsEventsArrive(inOrder));
        const actual = last(fileAsEventsArrive(arrivals));
        expect(actual?.fileCode).toBe(expected?.fileCode);
        expect(actual?.contentHash).toBe(expected?.contentHash);
      }),
      { numRuns: 300 },
    );
  });

  it('should number revisions 1, 2, … and never emit one whose content did not change', () => {
    fc.assert(
      fc.property(scenarios, ({ shuffled }) => {
        const revisions = fileAsEventsArrive(shuffled);
        expect(revisions.map((r) => r.revision)).toEqual(revisions.map((_, i) => i + 1));
        expect(new Set(revisions.map((r) => r.contentHash)).size).toBe(revisions.length);
      }),
      { numRuns: 200 },
    );
  });

  it('should emit a file exactly for the dossiers that ended, once the facts to classify them are there', () => {
    fc.assert(
      fc.property(scenarios, ({ options, shuffled }) => {
        expect(fileAsEventsArrive(shuffled).length > 0).toBe(files(options));
      }),
      { numRuns: 200 },
    );
  });

  it('should give every permutation the same heading, retention, title and document roles, in every revision', () => {
    const classification = (r: EFileAssembled) => ({
      heading: r.fileNotation.split('.')[1],
      maintenance: r.maintenance,
      title: r.title,
      roles: r.documents.map((d) => [d.source, d.sourceId, d.role]),
    });
    fc.assert(
      fc.property(scenarios, ({ inOrder, shuffled }) => {
        const expected = fileAsEventsArrive(inOrder).at(-1);
        const revisions = fileAsEventsArrive(shuffled);
        expect(revisions.at(-1) && classification(revisions.at(-1)!)).toEqual(
          expected && classification(expected),
        );
        // Never filed from missing facts: every revision knows the procedure, under the heading the plan gives it.
        for (const r of revisions) {
          expect(r.dossier.procedureCode).toBe('1.001193');
          expect(classification(r).heading).toBe('XD');
          expect(r.classified).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
