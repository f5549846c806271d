import { dossierHistory, factsOf, PLAIN_HISTORY, toStored } from '@test/fixtures';
import { type StoredEvent } from './facts';
import { ONE_STOP_DESK, processingSteps } from './processing';

function stepsOf(events: StoredEvent[]) {
  return processingSteps(factsOf(events).dossier!);
}

const history = (seed: string) =>
  dossierHistory({ ...PLAIN_HISTORY, seed, supplement: true }).map((e, i) => toStored(e, i));

describe('the processing history of a dossier (its processing-control slip)', () => {
  it('records each hand-over in order: received, supplement asked and given, resolved, returned', () => {
    const steps = stepsOf(history('p1'));
    expect(steps.map((s) => s.kind)).toEqual([
      'received',
      'supplement_requested',
      'supplemented',
      'resolved',
      'returned',
    ]);
    expect(steps[0]).toMatchObject({ to: ONE_STOP_DESK, by: { fullName: expect.any(String) as unknown } });
    expect(steps.at(-1)).toMatchObject({ from: ONE_STOP_DESK });
    const times = steps.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('judges each step against the appointment date, and says nothing without one', () => {
    const events = history('p2');
    const receipt = events.find((e) => e.type === 'vn.motcua.dossier.received.v1')!;
    const early = { ...receipt, data: { ...receipt.data, dueAt: '2026-03-04T17:00:00+07:00' } };
    const steps = stepsOf(events.map((e) => (e === receipt ? early : e)));
    expect(steps.map((s) => [s.kind, s.onTime])).toEqual([
      ['received', true],
      ['supplement_requested', true],
      ['supplemented', true],
      ['resolved', false],
      ['returned', false],
    ]);
    const withoutReceipt = stepsOf(events.filter((e) => e !== receipt));
    expect(withoutReceipt.map((s) => s.onTime)).toEqual(withoutReceipt.map(() => null));
  });

  it('is the same whatever order the events arrived in', () => {
    const events = history('p3');
    expect(stepsOf([...events].reverse())).toEqual(stepsOf(events));
  });
});
