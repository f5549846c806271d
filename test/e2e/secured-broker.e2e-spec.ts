import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '@hoso/config';
import { Logger } from '@nestjs/common';
import {
  type CheckReport,
  checkOutput,
  DEFAULT_SIMULATION,
  readOutput,
  sendSimulation,
  simulate,
} from '@hoso/simulator';
import {
  BridgeProcess,
  kafkaBroker,
  REPO_ROOT,
  type TestDatabase,
  throwawaySqlite,
  waitFor,
} from '@test/support';

// The check reads topics through the bridge's own reader, which logs through Nest: errors only here.
Logger.overrideLogger(['error']);

// kafka.sh with KAFKA_SECURE=1: SASL over TLS on port+2, TLS with client certificates on port+3.
const PORT = Number(process.env.KAFKA_SECURE_TEST_PORT ?? 29292);
const TLS = join(REPO_ROOT, 'var/kafka', String(PORT), 'tls');

const saslOverTls = (mechanism: string, password = 'hoso-secret') => ({
  KAFKA_BROKERS: `127.0.0.1:${PORT + 2}`,
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: join(TLS, 'ca.pem'),
  KAFKA_SASL_MECHANISM: mechanism,
  KAFKA_SASL_USERNAME: 'hoso',
  KAFKA_SASL_PASSWORD: password,
});
const clientCertificate = {
  KAFKA_BROKERS: `127.0.0.1:${PORT + 3}`,
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: join(TLS, 'ca.pem'),
  KAFKA_SSL_CERT_FILE: join(TLS, 'client.pem'),
  KAFKA_SSL_KEY_FILE: join(TLS, 'client.key'),
};

describe('the bridge on a broker that demands TLS and SASL', () => {
  const bridges: BridgeProcess[] = [];
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    await kafkaBroker('reset', PORT);
    await kafkaBroker('start', PORT, { KAFKA_SECURE: '1' });
  });
  afterAll(async () => {
    await Promise.all(bridges.map((b) => b.stop('SIGKILL')));
    await Promise.all(databases.map((d) => d.dispose()));
    await kafkaBroker('reset', PORT);
  });

  /** A bridge of its own topics and database, with these security settings. */
  async function bridgeWith(security: Record<string, string>) {
    const id = randomUUID().slice(0, 8);
    const db = await throwawaySqlite('secured');
    databases.push(db);
    const env = {
      ...security,
      KAFKA_GROUP_ID: `sec-${id}`,
      KAFKA_TOPIC_DOSSIER_EVENTS: `sec.${id}.dossier`,
      KAFKA_TOPIC_DOCUMENT_EVENTS: `sec.${id}.document`,
      KAFKA_TOPIC_EFILE_ASSEMBLED: `sec.${id}.efiles`,
      KAFKA_TOPIC_EFILE_ALERTS: `sec.${id}.alerts`,
      KAFKA_TOPIC_DEAD_LETTER: `sec.${id}.dlq`,
      KAFKA_TOPIC_PARTITIONS: '2',
      SQLITE_PATH: db.config.kind === 'sqlite' ? db.config.path : '',
      RELAY_INTERVAL_MS: '200',
    };
    const bridge = await BridgeProcess.spawn(env);
    bridges.push(bridge);
    return { bridge, kafka: loadConfig(env).kafka };
  }

  it.each([
    ['SASL/PLAIN over TLS', saslOverTls('plain')],
    ['SASL/SCRAM-SHA-256 over TLS', saslOverTls('scram-sha-256')],
    ['SASL/SCRAM-SHA-512 over TLS', saslOverTls('scram-sha-512')],
    ['TLS with a client certificate', clientCertificate],
  ])(
    'should create its topics, take in a simulated stream and file it, through %s',
    async (_name, security) => {
      const { bridge, kafka } = await bridgeWith(security);
      await bridge.waitForStatus('/health/ready', 200);
      const simulation = simulate({ ...DEFAULT_SIMULATION, seed: 30, agencies: 2, dossiers: 12 });
      // The simulator's producer and the check's reader use the same settings, so they go through TLS too.
      const delivery = await sendSimulation(kafka, simulation.messages);

      let report: CheckReport | undefined;
      // Until every file is out at its last revision, with every dead letter.
      await waitFor('the output to match the ground truth', async () => {
        const output = await readOutput(kafka);
        report = checkOutput(simulation.truth, delivery, output.files, output.deadLetters);
        return report.ok;
      }).catch(() => undefined);
      // On failure this prints the whole report, which names what went wrong.
      expect(report).toEqual(expect.objectContaining({ ok: true }));
      expect(report!.files.filed).toBe(report!.files.expected);
    },
  );

  it.each([
    [
      'a wrong password',
      saslOverTls('scram-sha-256', 'not-the-password'),
      /SASL SCRAM SHA256 authentication failed/,
    ],
    [
      'a broker certificate it cannot verify (no CA file)',
      { ...saslOverTls('plain'), KAFKA_SSL_CA_FILE: '' },
      /self[- ]signed certificate|unable to verify/i,
    ],
    [
      'no client certificate',
      { ...clientCertificate, KAFKA_SSL_CERT_FILE: '', KAFKA_SSL_KEY_FILE: '' },
      /.+/,
    ],
  ])('should stay unready, keep running and say why, with %s', async (_name, security, reason) => {
    const { bridge } = await bridgeWith(security);
    let health: { details?: { kafka?: { status: string; message?: string } } } = {};
    await waitFor('/health/ready to name the Kafka problem', async () => {
      const answer = await bridge.request('/health/ready').catch(() => ({ status: 0, body: '{}' }));
      health = JSON.parse(answer.body || '{}') as typeof health;
      return answer.status === 503 && health.details?.kafka?.status === 'down';
    });
    expect(health.details!.kafka!.message).toMatch(reason);
    expect(bridge.running).toBe(true);
    expect(bridge.lines.join('\n')).not.toContain('not-the-password');
  });
});
