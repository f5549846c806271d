import { DEAD_LETTER_HEADERS } from '@hoso/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dossierHistory, PLAIN_HISTORY, structured, topicOf } from '@test/fixtures';
import {
  BridgeProcess,
  collect,
  createTopics,
  OtlpReceiver,
  produceTo,
  REPO_ROOT,
  type ReadMessage,
  type ReceivedSpan,
  suiteTopics,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

// The partner systems' traces: one for the dossier's story, one for a message that cannot be read.
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const BROKEN_TRACE = '0af7651916cd43dd8448eb211c80319c';
const traceparent = (trace: string, parent = PARENT) => `00-${trace}-${parent}-01`;
const headerOf = (message: ReadMessage, name: string) => message.headers[name]?.toString();
/** trace id and parent span id of a W3C traceparent header. */
const parts = (header: string | undefined) => {
  const [, trace, parent] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(header ?? '') ?? [];
  return { trace, parent };
};

describe('traces: from the partner’s traceparent through intake to the e-file, exported over OTLP', () => {
  const { topics, env } = suiteTopics('tr');
  const history = dossierHistory({ ...PLAIN_HISTORY, seed: 'trc1', styles: [1], terminal: 'returned' });
  let receiver: OtlpReceiver;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  let dlq: Awaited<ReturnType<typeof collect>>;
  const spansOf = (trace: string) => receiver.spans.filter((s) => s.traceId === trace);

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    await createTopics(Object.values(topics), 2);
    db = await throwawayMariaDb('e2e_tracing');
    efiles = await collect(topics.efiles);
    dlq = await collect(topics.dlq);
    bridge = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'hoso-bridge-e2e',
      RELAY_INTERVAL_MS: '200',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const traced = (event: (typeof history)[number]) => {
      const message = structured(event);
      return { ...message, headers: { ...message.headers, traceparent: traceparent(TRACE) } };
    };
    const dossierTopic = topicOf(history[0]!);
    await produceTo(topics.dossier, [
      ...history.filter((e) => topicOf(e) === dossierTopic).map(traced),
      {
        key: 'broken',
        value: Buffer.from('{ not json'),
        headers: { 'content-type': 'application/cloudevents+json', traceparent: traceparent(BROKEN_TRACE) },
      },
    ]);
    await produceTo(topics.document, history.filter((e) => topicOf(e) !== dossierTopic).map(traced));
    await waitFor(
      'the e-file and the dead letter',
      () => efiles.messages.length >= 1 && dlq.messages.length >= 1,
      {
        timeoutMs: 60_000,
      },
    );
  });
  afterAll(async () => {
    await efiles?.stop();
    await dlq?.stop();
    await bridge?.stop();
    await receiver?.stop();
    await db?.dispose();
  });

  it('should carry the trace onto the e-file, through spans for the message, its transaction and the publish', async () => {
    const efile = efiles.messages[0]!;
    const { trace, parent } = parts(headerOf(efile, 'traceparent'));
    expect(trace).toBe(TRACE);
    // The e-file's parent is the span of the message that completed it, a child of the partner's span.
    const processed = await waitFor('the spans of the trace', () =>
      spansOf(TRACE).find((s) => s.spanId === parent),
    );
    expect(processed).toMatchObject({
      name: expect.stringMatching(/^process tr\./) as unknown,
      parentSpanId: PARENT,
      kind: 5, // CONSUMER
      service: 'hoso-bridge-e2e',
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': expect.any(String) as unknown,
      },
    });
    // Every message of the story has its span in the trace, each linked to the transaction that stored it.
    await waitFor(
      'a span per message',
      () => spansOf(TRACE).filter((s) => s.name.startsWith('process ')).length >= history.length,
    );
    const transactionIds = new Set(
      receiver.spans.filter((s) => s.name === 'hoso.intake.transaction').map((s) => s.spanId),
    );
    for (const span of spansOf(TRACE).filter((s) => s.name.startsWith('process ')))
      expect(span.links.some((l) => transactionIds.has(l.spanId))).toBe(true);
    // And the relay's publish of the e-file, in the same trace, under the message's span.
    const publish: ReceivedSpan = await waitFor('the publish span', () =>
      spansOf(TRACE).find((s) => s.name === `publish ${topics.efiles}`),
    );
    expect(publish).toMatchObject({ parentSpanId: parent, kind: 4 }); // PRODUCER
  });

  it('should carry the trace of an unreadable message onto its dead letter, its span marked failed', async () => {
    const letter = dlq.messages[0]!;
    const { trace, parent } = parts(headerOf(letter, 'traceparent'));
    expect(trace).toBe(BROKEN_TRACE);
    const span = await waitFor('the failed span', () =>
      spansOf(BROKEN_TRACE).find((s) => s.spanId === parent),
    );
    expect(span).toMatchObject({
      parentSpanId: PARENT,
      status: { code: 2 }, // ERROR
      attributes: { 'hoso.dead_letter.reason': headerOf(letter, DEAD_LETTER_HEADERS.reason) },
    });
  });

  it('should report the relay, HTTP answers, the build and the lag this instance holds in /metrics', async () => {
    await bridge.request('/admin/whoami');
    // The monitor samples the group's offsets every 10 s.
    const metrics = await waitFor(
      'a sample of the consumers and the outbox',
      async () => {
        const text = (await bridge.request('/metrics')).body;
        return /^hoso_consumer_lag\{/m.test(text) ? text : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1]);
    expect(metrics).toMatch(/^hoso_relay_oldest_age_seconds 0$/m);
    expect(metrics).toMatch(/^hoso_relay_backlog 0$/m);
    expect(metrics).toContain(`hoso_build_info{version="0.1.0",nodejs="${process.version}"} 1`);
    expect(value(new RegExp(`^hoso_relay_published_total\\{topic="${topics.efiles}"\\} (\\d+)$`, 'm'))).toBe(
      1,
    );
    expect(
      value(new RegExp(`^hoso_relay_publish_delay_seconds_count\\{topic="${topics.efiles}"\\} (\\d+)$`, 'm')),
    ).toBe(1);
    expect(
      value(
        /^hoso_http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} (\d+)$/m,
      ),
    ).toBeGreaterThan(0);
    expect(
      value(
        /^hoso_http_request_duration_seconds_count\{method="GET",route="\/admin\/whoami",status="401"\} (\d+)$/m,
      ),
    ).toBe(1);
    // The only instance holds every partition of both source topics (2 each), and has consumed them all.
    const lag = [...metrics.matchAll(/^hoso_consumer_lag\{topic="([^"]+)",partition="(\d)"\} (\d+)$/gm)];
    expect(lag.map(([, topic, partition, n]) => `${topic}/${partition}=${n}`).sort()).toEqual(
      [0, 1].flatMap((p) => [`${topics.dossier}/${p}=0`, `${topics.document}/${p}=0`]).sort(),
    );
  });

  it('should export every metric the alert rules and the Grafana dashboard in docs/operations use', async () => {
    const exported = new Set(
      [...(await bridge.request('/metrics')).body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(
        ([, name, type]) =>
          type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
      ),
    );
    for (const file of ['alerts.yml', 'grafana-dashboard.json']) {
      const text = readFileSync(join(REPO_ROOT, 'docs/operations', file), 'utf8');
      const used = new Set([...text.matchAll(/\b((?:hoso|process)_[a-z_]+)\{/g)].map(([, name]) => name!));
      expect(used.size).toBeGreaterThan(5);
      expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    }
  });
});
