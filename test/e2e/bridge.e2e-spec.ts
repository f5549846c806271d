import { randomUUID } from 'node:crypto';
import { Topic } from '@hoso/contracts';
import { eventsOfEveryType, structured } from '@test/fixtures';
import { InboxEvent, withDataSource } from '@hoso/persistence';
import {
  BridgeProcess,
  kafkaBroker,
  type TestDatabase,
  throwawayMariaDb,
  throwawaySqlite,
  waitFor,
} from '@test/support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createConnection } from 'mysql2/promise';

/** A valid one-stop "dossier received" event with the given id, as a partner sends it. */
function dossierReceived(id: string): {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string | Buffer>;
} {
  return structured({ ...structuredClone(eventsOfEveryType('e2e')[0]!), id });
}

async function produce(brokers: string, messages: Array<ReturnType<typeof dossierReceived>>): Promise<void> {
  const kafka = new Kafka({ clientId: 'e2e-producer', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: Topic.dossierEvents, messages });
  await producer.disconnect();
}

describe('the bridge process on the embedded SQLite database, with a broker it can lose', () => {
  // Its own broker, so stopping it does not disturb other suites.
  const kafkaPort = Number(process.env.KAFKA_TEST_PORT ?? 29092) + 100;
  const brokers = `127.0.0.1:${kafkaPort}`;
  let sqlite: TestDatabase;
  let bridge: BridgeProcess;

  const inboxIds = (): Promise<string[]> =>
    withDataSource(sqlite.config, async (ds) =>
      (await ds.getRepository(InboxEvent).find()).map((e) => e.eventId),
    );
  const spawnBridge = () =>
    BridgeProcess.spawn({
      KAFKA_BROKERS: brokers,
      SQLITE_PATH: sqlite.config.kind === 'sqlite' ? sqlite.config.path : '',
    });

  beforeAll(async () => {
    await kafkaBroker('reset', kafkaPort);
    await kafkaBroker('start', kafkaPort);
    sqlite = await throwawaySqlite('e2e');
    bridge = await spawnBridge();
  });
  afterAll(async () => {
    await bridge?.stop('SIGKILL');
    await kafkaBroker('reset', kafkaPort);
    await sqlite?.dispose();
  });

  it('should become ready once it has migrated the database and reached Kafka', async () => {
    await bridge.waitForStatus('/health/ready', 200);
    expect(await bridge.status('/health/live')).toBe(200);
  });

  it('should record a dossier event from the source topic in the inbox', async () => {
    const id = randomUUID();
    await produce(brokers, [dossierReceived(id)]);
    await waitFor('the event in the inbox', async () => (await inboxIds()).includes(id));
  });

  it('should turn not-ready within 15 s when the broker stops, while staying alive', async () => {
    await kafkaBroker('stop', kafkaPort);
    await bridge.waitForStatus('/health/ready', 503, 15_000);
    expect(await bridge.status('/health/live')).toBe(200);
  });

  it('should become ready again when the broker returns, and consume again by itself', async () => {
    await kafkaBroker('start', kafkaPort);
    await bridge.waitForStatus('/health/ready', 200);
    const id = randomUUID();
    await produce(brokers, [dossierReceived(id)]);
    await waitFor(
      'an event produced after the outage in the inbox',
      async () => (await inboxIds()).includes(id),
      {
        timeoutMs: 60_000,
      },
    );
  });

  it('should drain its consumers before closing the database on SIGTERM, losing nothing', async () => {
    const ids = Array.from({ length: 300 }, () => randomUUID());
    await produce(brokers, ids.map(dossierReceived));
    await waitFor('consumption to start', async () => (await inboxIds()).length > 2);

    const linesBeforeSignal = bridge.lines.length;
    const exit = await bridge.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bridge.logged('Kafka consumers drained')).toHaveLength(1);
    const errorsDuringShutdown = bridge.lines
      .slice(linesBeforeSignal)
      .filter((l) => /"level":(50|60)/.test(l));
    expect(errorsDuringShutdown).toEqual([]);

    // Whatever the first process did not finish, the next one picks up from the committed offsets.
    bridge = await spawnBridge();
    await waitFor(
      'every event in the inbox',
      async () => {
        const stored = new Set(await inboxIds());
        return ids.every((id) => stored.has(id));
      },
      {
        timeoutMs: 60_000,
      },
    );
    expect(await inboxIds()).toHaveLength(ids.length + 2);
  });
});

describe('the bridge process on MariaDB', () => {
  let mariadb: TestDatabase;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    mariadb = await throwawayMariaDb('e2e');
    if (mariadb.config.kind !== 'mysql') throw new Error('expected a MariaDB database');
    bridge = await BridgeProcess.spawn({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_GROUP_ID: `e2e-${randomUUID().slice(0, 8)}`,
      DATABASE_URL: mariadb.config.url,
    });
  });
  afterAll(async () => {
    await bridge?.stop();
    await mariadb?.dispose();
  });

  it('should migrate the database, become ready and record an event there', async () => {
    await bridge.waitForStatus('/health/ready', 200);
    const id = randomUUID();
    await produce(process.env.KAFKA_BROKERS!, [dossierReceived(id)]);

    const url = mariadb.config.kind === 'mysql' ? mariadb.config.url : '';
    await waitFor('the event in the MariaDB inbox', async () => {
      const connection = await createConnection({ uri: url });
      try {
        const [rows] = await connection.query('SELECT payload FROM inbox_event WHERE event_id = ?', [id]);
        return (rows as Array<{ payload: string }>)[0]?.payload.includes('Nguyễn Thị Minh Anh');
      } finally {
        await connection.end();
      }
    });
  });
});

describe('the bridge process with a bad configuration', () => {
  it('should refuse to start and name every bad variable', async () => {
    const bridge = await BridgeProcess.spawn({ HTTP_PORT: 'abc', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'nope' });
    expect(await bridge.waitForExit(15_000)).toEqual({ code: 1, signal: null });
    const output = bridge.lines.join('\n');
    expect(output).toMatch(/Invalid configuration \(3\)/);
    for (const variable of ['HTTP_PORT', 'LOG_LEVEL', 'KAFKA_BROKERS']) expect(output).toContain(variable);
  });
});
