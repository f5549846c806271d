import { BOTH_DATABASES, type TestDatabase } from '@test/support';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source';
import { InboxEvent } from './inbox-event.entity';
import { type NewInboxEvent } from './inbox.repository';
import { TypeormInboxRepository } from './typeorm-inbox.repository';

function event(overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  return {
    source: 'urn:motcua:000.00.00.H17',
    eventId: 'evt-1',
    type: 'vn.motcua.dossier.received.v1',
    subject: '000.00.20.H17-260302-0042',
    eventTime: new Date('2026-03-02T01:15:00Z'),
    contentSha256: 'a'.repeat(64),
    payload: '{"applicant":{"fullName":"Nguyễn Thị Minh Anh"}}',
    topic: 'motcua.dossier.events.v1',
    kafkaPartition: 3,
    kafkaOffset: '68719476736',
    ...overrides,
  };
}

describe.each(BOTH_DATABASES)('TypeormInboxRepository on %s', (_label, open) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let inbox: TypeormInboxRepository;
  const rows = () => dataSource.getRepository(InboxEvent);

  beforeAll(async () => {
    database = await open('inbox');
    dataSource = await new DataSource(dataSourceOptions(database.config)).initialize();
    await dataSource.runMigrations();
    inbox = new TypeormInboxRepository(rows());
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });
  beforeEach(() => rows().clear());

  it('should store a new event with its Kafka coordinates and text intact', async () => {
    expect(await inbox.record(event())).toBe('recorded');
    const [stored] = await rows().find();
    expect(stored).toMatchObject({
      eventId: 'evt-1',
      payload: '{"applicant":{"fullName":"Nguyễn Thị Minh Anh"}}',
      kafkaPartition: 3,
      eventTime: new Date('2026-03-02T01:15:00Z'),
    });
    // Offsets are 64-bit (here 2^36) and come back as text from either driver.
    expect(stored?.kafkaOffset).toBe('68719476736');
  });

  it('should store the same source and id with the same content once, reporting a duplicate', async () => {
    await inbox.record(event());
    expect(await inbox.record(event({ kafkaOffset: '12' }))).toBe('duplicate');
    expect(await rows().count()).toBe(1);
  });

  it('should report a conflict when the same source and id come with other content, keeping the first', async () => {
    await inbox.record(event());
    expect(await inbox.record(event({ contentSha256: 'b'.repeat(64), payload: '{}' }))).toBe('conflict');
    expect((await rows().find()).map((r) => r.contentSha256)).toEqual(['a'.repeat(64)]);
  });

  it('should keep the same id from two sources apart', async () => {
    await inbox.record(event());
    expect(await inbox.record(event({ source: 'urn:qlvb:000.00.20.H17' }))).toBe('recorded');
    expect(await rows().count()).toBe(2);
  });

  it('should hold a payload of 1 MiB of Vietnamese text', async () => {
    const payload = JSON.stringify({ summary: 'Đăng ký khai sinh – hồ sơ điện tử '.repeat(30_000) }).slice(
      0,
      1 << 20,
    );
    await inbox.record(event({ payload }));
    expect((await rows().findOneByOrFail({ eventId: 'evt-1' })).payload).toBe(payload);
  });
});
