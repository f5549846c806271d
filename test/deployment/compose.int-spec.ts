import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hoso/config';
import { REPO_ROOT, SERVER_URL } from '@test/support';
import { createConnection } from 'mysql2/promise';
import { parse } from 'yaml';

// There is no Docker here to run the compose file, so it is held to what the suite does run: the same
// database server and Kafka, the supported Node.js, and settings the bridge accepts.
interface Service {
  image?: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
}

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const compose = parse(read('docker/compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { kafka, mariadb, bridge } = compose.services;
/** A service's environment as the container gets it, `${VAR:-default}` taken at its default. */
const environmentOf = (service: Service | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service?.environment ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1'),
    ]),
  );
const supportedNode = read('.node-version').trim();

describe('docker/compose.yml and the Dockerfile, against what the suite runs', () => {
  it('should run the database server the suite tests against, and keep its data', async () => {
    const connection = await createConnection(SERVER_URL);
    const [[row]] = (await connection.query('SELECT VERSION() AS version')) as unknown as [
      [{ version: string }],
    ];
    await connection.end();
    const [, release] = /^(\d+\.\d+)\.\d+-MariaDB/.exec(row.version)!;
    expect(mariadb?.image).toBe(`mariadb:${release}`);
    expect(mariadb?.volumes).toContain('mariadb-data:/var/lib/mysql');
    expect(environmentOf(bridge).DATABASE_URL).toMatch(/^mysql:\/\/[^@]+@mariadb:3306\//);
  });

  it("should run the suite's Kafka, keep its topics in a volume, and advertise a door to the host", () => {
    const pinned = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('infra/kafka/pom.xml'))![1];
    expect(kafka?.image).toBe(`apache/kafka:${pinned}`);
    const env = environmentOf(kafka);
    expect(kafka?.volumes).toContain(`kafka-data:${env.KAFKA_LOG_DIRS}`);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['kafka-data', 'mariadb-data']));
    // Each advertised listener: the bridge's inside the compose network, the host's on a published port.
    const advertised = Object.fromEntries(
      env.KAFKA_ADVERTISED_LISTENERS!.split(',').map((l) => l.split('://') as [string, string]),
    );
    expect(environmentOf(bridge).KAFKA_BROKERS).toBe(advertised[env.KAFKA_INTER_BROKER_LISTENER_NAME!]);
    const hostPort = /^127\.0\.0\.1:(\d+)$/.exec(advertised.HOST ?? '')?.[1];
    expect(kafka?.ports).toContain(`127.0.0.1:${hostPort}:${hostPort}`);
  });

  it('should give the bridge settings it accepts, with a token the dashboard can sign in with', () => {
    const config = loadConfig(environmentOf(bridge));
    expect(config.admin.tokens).toEqual([
      expect.objectContaining({ role: 'operator', agencies: ['*'] }) as unknown,
    ]);
    expect(config.database).toMatchObject({ kind: 'mysql' });
  });

  it('should build the image on the supported Node.js, the one the engines field and CI name', () => {
    const major = supportedNode.split('.')[0];
    const bases = [...read('docker/Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((m) => m[1]);
    expect(bases).toEqual([major, major]);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(new RegExp(`^>=${major}\\.`));
  });
});
