import {
  canonicalCopy,
  checkEvent,
  CloudEventEnvelope,
  describeViolations,
  EVENT_TYPES,
  isEventType,
  satisfiesRules,
  toInstance,
} from '@hoso/contracts';
import { decodeCloudEvent } from '../cloudevents/codec';
import { DEFAULT_SIMULATION, simulate } from '@hoso/simulator';
import { BAD_INPUTS, eventsOfEveryType, hostileLookingButValid, structured, toNfd } from '@test/fixtures';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** The compiled rules and class-validator with class-transformer, side by side on one decoded event. */
function compare(attributes: Json, data: unknown) {
  const type = attributes.type;
  const classes: Array<[new () => object, unknown]> = [[CloudEventEnvelope, attributes]];
  if (typeof type === 'string' && isEventType(type)) classes.push([EVENT_TYPES[type].data, data]);
  const objects = classes
    .filter(([, plain]) => plain !== null && typeof plain === 'object' && !Array.isArray(plain))
    .map(([target, plain]) => {
      const compiled = toInstance(target, plain as object);
      const reference = plainToInstance(target, plain as object);
      return {
        verdicts: [satisfiesRules(compiled), validateSync(reference).length === 0],
        data: [canonicalCopy(compiled), canonicalCopy(reference)],
      };
    });
  const checks =
    typeof type === 'string' && isEventType(type)
      ? [
          canonicalCopy(checkEvent(attributes, data)),
          canonicalCopy(describeViolations(type, attributes, data)),
        ]
      : [null, null];
  return { objects, checks };
}

function expectSame(attributes: Json, data: unknown): void {
  const { objects, checks } = compare(attributes, data);
  for (const { verdicts, data: copies } of objects) {
    expect(verdicts[0]).toBe(verdicts[1]);
    expect(copies[0]).toEqual(copies[1]);
  }
  expect(checks[0]).toEqual(checks[1]);
}

function decoded(value: Buffer | null, headers: Record<string, string | Buffer>) {
  const result = decodeCloudEvent(value, headers);
  return result.ok ? result.event : undefined;
}

describe('compiled contract rules, next to class-validator and class-transformer', () => {
  it('should give the same verdict and data on every event of the bad-input corpus that decodes', () => {
    const events = BAD_INPUTS.map((b) => decoded(b.message.value, b.message.headers)).filter((e) => e);
    expect(events.length).toBeGreaterThan(20);
    let refused = 0;
    for (const event of events) {
      expectSame(event!.attributes, event!.data);
      if (!checkEvent(event!.attributes, event!.data).ok) refused += 1;
    }
    // The corpus is mostly schema violations: the comparison saw both verdicts.
    expect(refused).toBeGreaterThan(10);
  });

  it('should give the same verdict and data on simulated traffic, malformed and NFD events included', () => {
    const { messages } = simulate({ ...DEFAULT_SIMULATION, seed: 11, malformed: 0.2, nfd: 0.3, binary: 0.3 });
    let compared = 0;
    for (const m of messages) {
      const event = decoded(m.value, m.headers);
      if (!event) continue;
      expectSame(event.attributes, event.data);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('should agree on hostile-looking but valid events and on NFD text', () => {
    for (const event of [...hostileLookingButValid('cr01'), ...eventsOfEveryType('cr02').map(toNfd)]) {
      const d = decoded(structured(event).value, structured(event).headers)!;
      expectSame(d.attributes, d.data);
      expect(checkEvent(d.attributes, d.data).ok).toBe(true);
    }
  });

  it('should agree on events whose members are deleted or replaced by any JSON value, at any depth', () => {
    const bases = eventsOfEveryType('cr03').map((e) => decoded(structured(e).value, structured(e).headers)!);
    const tricky = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        '2026-03-02 08:15',
        '2026-03-02T08:15:00Z',
        '2026-02-30T08:15:00+07:00',
        '02/03/2026',
        '31/02/2026',
        'A'.repeat(64),
        ' ',
        '\uFE0F',
        '',
        'constructor',
        [[]],
        [null],
        -1,
        1.5,
        1e21,
      ),
    );
    const mutation = fc.record({
      base: fc.nat({ max: bases.length - 1 }),
      path: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 }),
      value: fc.option(tricky, { nil: undefined }),
      newKey: fc.option(fc.constantFrom('constructor', 'toString', 'extra', 'language', 'kind'), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(mutation, ({ base, path, value, newKey }) => {
        const { attributes, data } = structuredClone(bases[base]!);
        mutate({ attributes, data }, path, value, newKey);
        expectSame(attributes, data);
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });
});

/** Follows `path` (indexes into each level's keys) and deletes, replaces or adds a member there. */
function mutate(root: Json, path: number[], value: unknown, newKey: string | undefined): void {
  let target: unknown = root;
  for (let depth = 0; depth < path.length; depth += 1) {
    if (target === null || typeof target !== 'object') return;
    const keys = Object.keys(target);
    if (keys.length === 0) return;
    const key = keys[path[depth]! % keys.length]!;
    const last = depth === path.length - 1;
    if (last) {
      const record = target as Json;
      if (newKey !== undefined && !Array.isArray(target)) record[newKey] = value ?? null;
      else if (value === undefined) delete record[key];
      else record[key] = value;
      return;
    }
    target = (target as Json)[key];
  }
}
