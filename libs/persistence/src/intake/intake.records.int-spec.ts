import { BOTH_DATABASES, useMigratedDatabase } from '@test/support';
import { DeadLetter } from '../dead-letter/dead-letter.entity';
import { InboxEvent } from '../inbox/inbox-event.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { type UnitOfWork } from '../unit-of-work';
import { type IntakeBatch, type NewInboxEvent, type Rejected } from './intake.types';

let offset = 0;

function event(overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  return {
    aggregateId: 'dossier:000.00.20.H17-260302-0042',
    source: 'urn:motcua:000.00.00.H17',
    eventId: `evt-${offset}`,
    type: 'vn.motcua.dossier.received.v1',
    subject: '000.00.20.H17-260302-0042',
    eventTime: new Date('2026-03-02T01:15:00Z'),
    contentSha256: 'a'.repeat(64),
    payload: '{"applicant":{"fullName":"Nguyễn Thị Minh Anh"}}',
    topic: 'motcua.dossier.events.v1',
    kafkaPartition: 3,
    kafkaOffset: String(offset++),
    ...overrides,
  };
}

function rejection(sourceOffset: string, reason = 'SCHEMA_VIOLATION'): Rejected {
  const bytes = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
  return {
    deadLetter: {
      reason,
      message: 'data.agencyCode must be an agency code like 000.00.20.H17',
      sourceTopic: 'motcua.dossier.events.v1',
      sourcePartition: 3,
      sourceOffset,
      eventSource: null,
      eventId: null,
      eventType: null,
      agencyCode: null,
      kafkaKey: Buffer.from('key'),
      kafkaValue: bytes,
      kafkaHeaders: '[["trace","YWJj"]]',
      kafkaTimestamp: new Date('2026-03-02T01:15:00Z'),
    },
    outbox: {
      topic: 'hoso.bridge.dlq.v1',
      kafkaKey: Buffer.from('key'),
      kafkaValue: bytes,
      kafkaHeaders: '[]',
    },
  };
}

const conflictOf = (e: NewInboxEvent) => rejection(e.kafkaOffset, 'DUPLICATE_ID_CONFLICT');

describe.each(BOTH_DATABASES)('IntakeRecords on %s', (_label, open) => {
  let store: { record(batch: IntakeBatch): ReturnType<UnitOfWork['intake']['record']> };
  const count = (entity: new () => object) => db.dataSource.getRepository(entity).count();

  const db = useMigratedDatabase(() => open('intake'));
  beforeAll(() => {
    store = { record: (batch) => db.transactions.run((uow) => uow.intake.record(batch)) };
  });
  beforeEach(async () => {
    for (const entity of [InboxEvent, DeadLetter, OutboxMessage])
      await db.dataSource.getRepository(entity).clear();
  });

  it('should store new events with their coordinates, text and 64-bit offsets intact', async () => {
    const first = event({ kafkaOffset: '68719476736' });
    const outcome = await store.record({ accepted: [first, event()], rejected: [], onConflict: conflictOf });
    expect(outcome.recorded).toHaveLength(2);
    const stored = await db.dataSource.getRepository(InboxEvent).findOneByOrFail({ eventId: first.eventId });
    expect(stored).toMatchObject({ payload: first.payload, kafkaPartition: 3, kafkaOffset: '68719476736' });
  });

  it('should treat a redelivery with the same content as a duplicate and store it once', async () => {
    const original = event();
    await store.record({ accepted: [original], rejected: [], onConflict: conflictOf });
    const again = await store.record({
      accepted: [{ ...original, kafkaOffset: '999' }],
      rejected: [],
      onConflict: conflictOf,
    });
    expect(again).toMatchObject({ recorded: [], deadLettered: [] });
    expect(again.duplicates).toHaveLength(1);
    expect(await count(InboxEvent)).toBe(1);
  });

  it('should dead-letter a reused id with other content, keeping the first, in the same transaction', async () => {
    const original = event();
    await store.record({ accepted: [original], rejected: [], onConflict: conflictOf });
    const other = { ...original, contentSha256: 'b'.repeat(64), kafkaOffset: '1000' };
    const outcome = await store.record({ accepted: [other], rejected: [], onConflict: conflictOf });
    expect(outcome.deadLettered.map((d) => d.reason)).toEqual(['DUPLICATE_ID_CONFLICT']);
    expect((await db.dataSource.getRepository(InboxEvent).find()).map((e) => e.contentSha256)).toEqual([
      'a'.repeat(64),
    ]);
    expect(await count(OutboxMessage)).toBe(1);
  });

  it('should tell duplicates and conflicts apart inside one batch too', async () => {
    const original = event();
    const outcome = await store.record({
      accepted: [
        original,
        { ...original, kafkaOffset: '2001' },
        { ...original, contentSha256: 'c'.repeat(64), kafkaOffset: '2002' },
      ],
      rejected: [],
      onConflict: conflictOf,
    });
    expect([outcome.recorded.length, outcome.duplicates.length, outcome.deadLettered.length]).toEqual([
      1, 1, 1,
    ]);
  });

  it('should keep the same id from two sources apart', async () => {
    const original = event();
    await store.record({
      accepted: [original, { ...original, source: 'urn:qlvb:000.00.20.H17' }],
      rejected: [],
      onConflict: conflictOf,
    });
    expect(await count(InboxEvent)).toBe(2);
  });

  it('should keep the exact bytes of a dead letter, and write it to the outbox once even if redelivered', async () => {
    const letter = rejection('77');
    expect(
      (await store.record({ accepted: [], rejected: [letter], onConflict: conflictOf })).deadLettered,
    ).toHaveLength(1);
    expect(
      (await store.record({ accepted: [], rejected: [letter], onConflict: conflictOf })).deadLettered,
    ).toHaveLength(0);
    const stored = await db.dataSource.getRepository(DeadLetter).findOneByOrFail({ sourceOffset: '77' });
    expect(stored.kafkaValue).toEqual(Buffer.from([0x7b, 0xff, 0x00, 0x7d]));
    expect(stored.kafkaHeaders).toBe('[["trace","YWJj"]]');
    expect(await count(OutboxMessage)).toBe(1);
  });

  it('should store text that looks like SQL injection verbatim and harmlessly', async () => {
    const payload = JSON.stringify({ summary: "Robert'); DROP TABLE inbox_event;-- \\' \" `" });
    await store.record({
      accepted: [event({ payload, eventId: "x'); DELETE FROM inbox_event;--" })],
      rejected: [],
      onConflict: conflictOf,
    });
    const [stored] = await db.dataSource.getRepository(InboxEvent).find();
    expect(stored).toMatchObject({ payload, eventId: "x'); DELETE FROM inbox_event;--" });
  });

  it('should take a batch of 1,200 events, large payloads included, in one call', async () => {
    const big = JSON.stringify({ summary: 'Đăng ký khai sinh – hồ sơ điện tử '.repeat(25_000) }).slice(
      0,
      1 << 20,
    );
    const events = Array.from({ length: 1200 }, (_, i) => event({ payload: i % 400 === 0 ? big : '{}' }));
    const outcome = await store.record({ accepted: events, rejected: [], onConflict: conflictOf });
    expect(outcome.recorded).toHaveLength(1200);
    expect(
      (await db.dataSource.getRepository(InboxEvent).findOneByOrFail({ eventId: events[0]!.eventId }))
        .payload,
    ).toBe(big);
  });

  it('should roll the whole batch back when one write fails', async () => {
    const broken = rejection('501');
    broken.outbox.kafkaHeaders = null as unknown as string; // NOT NULL: the last write of the batch fails
    await expect(
      store.record({ accepted: [event()], rejected: [broken], onConflict: conflictOf }),
    ).rejects.toThrow();
    expect([await count(InboxEvent), await count(DeadLetter), await count(OutboxMessage)]).toEqual([0, 0, 0]);
  });
});
