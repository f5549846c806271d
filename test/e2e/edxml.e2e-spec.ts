import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEAD_LETTER_HEADERS,
  drawnByBridge,
  type DocumentIssued,
  type EdxmlReceipt,
  type EFileAssembled,
} from '@hoso/contracts';
import { multipartRelated, writeIssued } from '@hoso/edxml';
import {
  BridgeProcess,
  caughtUp,
  createTopics,
  LAB_MAIN,
  openApiAnswer,
  produceTo,
  readTopic,
  REPO_ROOT,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const OPERATOR = 'edxml-operator-token-0001';
const OTHER_WARD = 'edxml-other-ward-token-0001';
const WARD = '000.00.20.H17';
const MAX_BYTES = 1 << 20;

/** One bridge on its own topics and database, fed by the lab's simulator. */
class Run {
  readonly id = randomUUID().slice(0, 8);
  readonly topics = {
    KAFKA_TOPIC_DOSSIER_EVENTS: `x.${this.id}.dossier`,
    KAFKA_TOPIC_DOCUMENT_EVENTS: `x.${this.id}.document`,
    KAFKA_TOPIC_EDXML: `x.${this.id}.edxml`,
    KAFKA_TOPIC_EFILE_ASSEMBLED: `x.${this.id}.efiles`,
    KAFKA_TOPIC_EFILE_ALERTS: `x.${this.id}.alerts`,
    KAFKA_TOPIC_DEAD_LETTER: `x.${this.id}.dlq`,
  };
  readonly group = `x-${this.id}`;
  db!: TestDatabase;
  bridge!: BridgeProcess;

  constructor(private readonly folder: string) {}

  env() {
    return {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_GROUP_ID: this.group,
      ...this.topics,
      DATABASE_URL: this.db.config.kind === 'mysql' ? this.db.config.url : '',
      RELAY_INTERVAL_MS: '200',
      EDXML_MAX_BYTES: String(MAX_BYTES),
      ADMIN_TOKENS: `operator:van.thu:${OPERATOR},operator:phuong.khac@000.00.99.H17:${OTHER_WARD}`,
      // The archive export fetches the files of edXML messages from the bridge's own route.
      SIP_FETCH_HOSTS: '127.0.0.1',
      SIP_FETCH_ALLOW_NETWORKS: '127.0.0.1/32',
      SIP_FETCH_CREDENTIALS: `127.0.0.1=bearer:${OPERATOR}`,
    };
  }

  async start(): Promise<void> {
    this.db = await throwawayMariaDb(`edxml_${this.id}`);
    await createTopics(Object.values(this.topics), 3);
    this.bridge = await BridgeProcess.spawn(this.env());
    await this.bridge.waitForStatus('/health/ready', 200);
  }

  truth = () => join(this.folder, `${this.id}.json`);

  lab(...args: string[]) {
    return new Promise<{ code: number; stdout: string }>((resolve) => {
      const env = { PATH: process.env.PATH, ...this.env(), HOSO_URL: this.bridge.baseUrl };
      execFile(process.execPath, [LAB_MAIN, ...args], { cwd: REPO_ROOT, env }, (error, stdout) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
      );
    });
  }

  /** Sends the simulation, waits until the bridge took all of it and its output matches the truth. */
  async simulate(args: string[]): Promise<{ revisions: number }> {
    const sent = await this.lab('simulate', ...args, '--truth', this.truth());
    expect(sent.code).toBe(0);
    const sources = ['DOSSIER_EVENTS', 'DOCUMENT_EVENTS', 'EDXML'] as const;
    await waitFor('the bridge to catch up', () =>
      caughtUp(
        this.group,
        sources.map((s) => this.topics[`KAFKA_TOPIC_${s}`]),
      ),
    );
    const check = await waitFor(
      'the output to match the ground truth',
      async () => {
        const result = await this.lab('simulate', 'check', this.truth());
        return result.code === 0 && result;
      },
      { timeoutMs: 90_000 },
    );
    return { revisions: Number(/, (\d+) revisions/.exec(check.stdout)![1]) };
  }

  /** Every dossier's last e-file revision, by dossier code. */
  async lastRevisions(count: number): Promise<Map<string, EFileAssembled>> {
    const files = (await readTopic(this.topics.KAFKA_TOPIC_EFILE_ASSEMBLED, count)).map(
      (m) => (JSON.parse(m.value!.toString()) as { data: EFileAssembled }).data,
    );
    const last = new Map<string, EFileAssembled>();
    for (const file of files)
      if ((last.get(file.dossier.dossierCode)?.revision ?? 0) < file.revision)
        last.set(file.dossier.dossierCode, file);
    return last;
  }

  async stop(): Promise<void> {
    await this.bridge?.stop();
    await this.db?.dispose();
  }
}

/**
 * What the file is, whatever way its documents came: its code written as a placeholder wherever it appears
 * (the file's ordinal in its year follows the order files were completed, which the extra hop through the
 * edXML topic changes), so too the hash of the slip the bridge draws, which prints it; without what says
 * where its events were read (provenance), its revision count, and where a document's bytes are served
 * (an edXML document's from the bridge, checked on its own).
 */
function content(file: EFileAssembled) {
  const {
    contentHash: _h,
    provenance: _p,
    revision: _r,
    supersedes: _s,
    ...rest
  } = JSON.parse(
    JSON.stringify(file)
      .replaceAll(file.fileCode, '<fileCode>')
      .replaceAll(file.fileNotation, '<fileNotation>'),
  ) as EFileAssembled;
  const documents = rest.documents.map((d) => ({
    ...d,
    file: { ...d.file, uri: undefined, ...(drawnByBridge(d) ? { sha256: '<drawn>' } : {}) },
  }));
  return { ...rest, documents };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A decision of the ward as its document system sends it over the exchange platform. */
function decision(number: number) {
  const pdf = Buffer.from(`%PDF-1.7\n% Quyết định số ${number}\n%%EOF\n`);
  const data: DocumentIssued = {
    documentId: `${WARD},2026/03/05,${number}/QĐ-UBND`,
    agencyCode: WARD,
    organName: 'Ủy ban nhân dân phường Hải Châu',
    typeCode: '02',
    typeName: 'Quyết định',
    number: String(number),
    notation: 'QĐ-UBND',
    issuedDate: '2026-03-05',
    subject: 'Về việc phê duyệt kế hoạch cải cách hành chính',
    language: 'vi',
    pageCount: 1,
    signer: { position: 'Chủ tịch', fullName: 'Lê Quang Hưng' },
    recipients: [],
    file: {
      fileName: `qd-${number}.pdf`,
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha(pdf),
    },
    createdBy: { officialId: 'x', fullName: 'Phạm Thị Thu Hà', unit: 'Văn phòng' },
  };
  return writeIssued({ time: '2026-03-05T14:30:00+07:00', data }, pdf, [
    { organId: '000.00.31.H17', organName: 'Sở Xây dựng' },
  ]);
}

describe('edXML from a document system, through the adapter, on the real broker', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hoso-edxml-'));
  const viaEvents = new Run(folder);
  const viaEdxml = new Run(folder);

  beforeAll(() => Promise.all([viaEvents.start(), viaEdxml.start()]));
  afterAll(async () => {
    await Promise.all([viaEvents.stop(), viaEdxml.stop()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('should file dossiers whose documents came only as edXML, with the same e-files as from CloudEvents', async () => {
    // Every result document names no dossier, so edXML can carry each outgoing document.
    const stream = [
      ...['--seed', '21', '--agencies', '3', '--dossiers', '8', '--named-only', '1', '--late-documents', '0'],
      ...[
        '--revocations',
        '0',
        '--malformed',
        '0',
        '--duplicates',
        '0.2',
        '--out-of-order',
        '0.4',
        '--nfd',
        '0.3',
      ],
    ];
    const [a, b] = await Promise.all([
      viaEvents.simulate([...stream, '--edxml', '0']),
      viaEdxml.simulate([...stream, '--edxml', '1']),
    ]);
    expect(b.revisions).toBe(a.revisions);

    // Every outgoing document went as edXML, and the adapter made each one's events.
    const sentAsEdxml = await readTopic(viaEdxml.topics.KAFKA_TOPIC_EDXML, 1);
    expect(
      await viaEdxml.bridge.metric('hoso_edxml_messages_total', { outcome: 'document' }),
    ).toBeGreaterThan(0);
    expect(await viaEdxml.bridge.metric('hoso_edxml_messages_total', { outcome: 'dead_lettered' })).toBe(0);
    expect(sentAsEdxml[0]!.value!.toString('utf8', 0, 200)).toMatch(
      /^MIME-Version: 1\.0\r\nContent-Type: multipart\/related/,
    );

    const [fromEvents, fromEdxml] = await Promise.all([
      viaEvents.lastRevisions(a.revisions),
      viaEdxml.lastRevisions(b.revisions),
    ]);
    expect(fromEdxml.size).toBe(fromEvents.size);
    expect(fromEdxml.size).toBeGreaterThan(10);
    // The decisions that resolved the dossiers: every one came as edXML (letters the agency received did not).
    const decisions = [...fromEdxml.values()].flatMap((f) =>
      f.documents.filter((d) => d.source === 'qlvb' && d.role === 'result'),
    );
    expect(decisions.length).toBeGreaterThan(10);
    for (const [dossierCode, file] of fromEvents)
      expect(content(fromEdxml.get(dossierCode)!)).toEqual(content(file));

    // The bytes each edXML message carried are served where its event says, as its hash says.
    for (const document of decisions) {
      expect(document.file.uri).toBe(`${viaEdxml.bridge.baseUrl}/ingest/edxml/files/${document.file.sha256}`);
      const served = await fetch(document.file.uri!, { headers: { authorization: `Bearer ${OPERATOR}` } });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('application/pdf');
      expect(sha(Buffer.from(await served.arrayBuffer()))).toBe(document.file.sha256);
    }
    expect((await fetch(decisions[0]!.file.uri!)).status).toBe(401);
    // The archive export fetches them there: what it cannot package is only what names no URI in this
    // simulation (the one-stop side's components, letters received).
    const withDecision = [...fromEdxml.values()].find((f) =>
      f.documents.some((d) => d.source === 'qlvb' && d.role === 'result'),
    )!;
    const exported = await viaEdxml.bridge.request(
      `/admin/efiles/${encodeURIComponent(withDecision.fileCode)}/sip?allowUnclassified=true`,
      { token: OPERATOR, timeoutMs: 60_000 },
    );
    expect(exported.status).toBe(422);
    const unpackaged = (JSON.parse(exported.body) as { binaries: Array<{ docCode: string; kind: string }> })
      .binaries;
    expect(unpackaged.map((b) => [b.docCode, b.kind])).toEqual(
      withDecision.documents
        .filter((d) => !drawnByBridge(d) && !d.file.uri)
        .map((d) => [d.docCode, 'no-uri']),
    );
    const elsewhere = await fetch(decisions[0]!.file.uri!, {
      headers: { authorization: `Bearer ${OTHER_WARD}` },
    });
    expect(elsewhere.status).toBe(404);
  });

  it('should dead-letter an envelope against the schema and a broken MIME message with their bytes, and take a duplicate once', async () => {
    const { bridge, topics } = viaEdxml;
    const good = decision(901);
    const text = good.bytes.toString('utf8');
    const wrongSchema = Buffer.from(
      text.replace(`<edXML:OrganId>${WARD}</edXML:OrganId>`, '<edXML:OrganId>ubnd hai chau</edXML:OrganId>'),
    );
    // The boundary the header announces is nowhere in the body: no part can be found.
    const brokenMime = Buffer.from(text.replace(/boundary="([^"]+)"/, 'boundary="not-$1"'));
    const tooLarge = multipartRelated(
      text.slice(text.indexOf('<?xml'), text.indexOf('</edXML:edXMLEnvelope>') + 22),
      [
        {
          contentId: 'big@edxml',
          mediaType: 'application/pdf',
          fileName: 'big.pdf',
          bytes: Buffer.alloc(MAX_BYTES),
        },
      ],
    ).bytes;
    const duplicatesBefore = await bridge.metric('hoso_intake_messages_total', {
      topic: topics.KAFKA_TOPIC_DOCUMENT_EVENTS,
      outcome: 'duplicate',
    });
    await produceTo(topics.KAFKA_TOPIC_EDXML, [
      { key: 'schema', value: wrongSchema, headers: {} },
      { key: 'mime', value: brokenMime, headers: {} },
      { key: 'large', value: tooLarge, headers: {} },
      { key: 'good', value: good.bytes, headers: {} },
      { key: 'good', value: good.bytes, headers: {} },
    ]);

    const letters = (await readTopic(topics.KAFKA_TOPIC_DEAD_LETTER, 3)).filter(
      (m) => String(m.headers[DEAD_LETTER_HEADERS.topic]) === topics.KAFKA_TOPIC_EDXML,
    );
    expect(letters).toHaveLength(3);
    const byKey = new Map(letters.map((m) => [m.key!.toString(), m]));
    expect(String(byKey.get('schema')!.headers[DEAD_LETTER_HEADERS.reason])).toBe('SCHEMA_VIOLATION');
    expect(String(byKey.get('schema')!.headers[DEAD_LETTER_HEADERS.message])).not.toContain('ubnd hai chau');
    expect(byKey.get('schema')!.value).toEqual(wrongSchema);
    expect(String(byKey.get('mime')!.headers[DEAD_LETTER_HEADERS.reason])).toBe('INVALID_MIME');
    expect(byKey.get('mime')!.value).toEqual(brokenMime);
    expect(String(byKey.get('large')!.headers[DEAD_LETTER_HEADERS.reason])).toBe('TOO_LARGE');
    expect(byKey.get('large')!.value!.length).toBe(tooLarge.length);

    // The envelope twice: one event in the inbox, the other a duplicate.
    await waitFor(
      'the second copy to be a duplicate',
      async () =>
        (await bridge.metric('hoso_intake_messages_total', {
          topic: topics.KAFKA_TOPIC_DOCUMENT_EVENTS,
          outcome: 'duplicate',
        })) > duplicatesBefore,
    );
    const documents = await waitFor('both copies on the document topic', async () => {
      const copies = (await readTopic(topics.KAFKA_TOPIC_DOCUMENT_EVENTS, 1)).filter(
        (m) => m.key?.toString() === `${WARD},2026/03/05,901/QĐ-UBND`,
      );
      return copies.length >= 2 && copies;
    });
    expect(documents).toHaveLength(2);
    expect(new Set(documents.map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id))).toEqual(
      new Set([`edxml:${WARD},2026/03/05,901/QĐ-UBND`]),
    );
    // The dead letters are the operator's to see and redrive, as intake's are.
    const listed = await bridge.json<{ items: Array<{ id: string; reason: string; sourceTopic: string }> }>(
      `/admin/dlq?limit=100`,
      { token: OPERATOR },
    );
    const ours = listed.items.filter((l) => l.sourceTopic === topics.KAFKA_TOPIC_EDXML);
    expect(ours.map((l) => l.reason).sort()).toEqual(['INVALID_MIME', 'SCHEMA_VIOLATION', 'TOO_LARGE']);
    // Redriven as stored, the envelope is refused again; with the sender's corrected one, its event follows.
    const letter = ours.find((l) => l.reason === 'SCHEMA_VIOLATION')!;
    const redrive = (body: object) =>
      bridge.json<{ results: Array<{ outcome: string; reason?: string }> }>('/admin/dlq/redrive', {
        method: 'POST',
        token: OPERATOR,
        body: { ids: [letter.id], dryRun: false, ...body },
      });
    expect((await redrive({})).results).toEqual([
      expect.objectContaining({ outcome: 'rejected', reason: 'SCHEMA_VIOLATION' }),
    ]);
    const corrected = decision(903).bytes.toString('utf8');
    const envelope = corrected.slice(
      corrected.indexOf('<?xml'),
      corrected.indexOf('</edXML:edXMLEnvelope>') + 22,
    );
    const inline = envelope
      .replace(
        '<edXML:edXMLEnvelope',
        '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope',
      )
      .concat(
        `<AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>${/cid:([^"]+)"/.exec(envelope)![1]}</ContentId>`,
        `<ContentTransferEncoded>${Buffer.from('%PDF-1.7\n% Quyết định số 903\n%%EOF\n').toString('base64')}</ContentTransferEncoded>`,
        '<AttachmentName>qd-903.pdf</AttachmentName></Attachment></AttachmentEncoded></edXML>',
      );
    expect((await redrive({ correctedValue: inline })).results).toEqual([
      { id: letter.id, outcome: 'accepted' },
    ]);
    await waitFor('the corrected document on the document topic', async () =>
      (await readTopic(topics.KAFKA_TOPIC_DOCUMENT_EVENTS, 1)).some(
        (m) => m.key?.toString() === `${WARD},2026/03/05,903/QĐ-UBND`,
      ),
    );
  });

  it('should take edXML over HTTP with an operator token, answering at once what it comes to', async () => {
    const { bridge, topics } = viaEdxml;
    const good = decision(902);
    const body = good.bytes.subarray(good.bytes.indexOf('\r\n\r\n') + 4);
    const post = (bytes: Buffer, contentType: string, token?: string) =>
      bridge.request('/ingest/edxml', { method: 'POST', token, raw: { bytes, contentType } });

    expect((await post(body, good.contentType)).status).toBe(401);
    const elsewhere = await post(body, good.contentType, OTHER_WARD);
    expect(elsewhere.status).toBe(403);

    const taken = await post(body, good.contentType, OPERATOR);
    expect(taken.status).toBe(202);
    const receipt = JSON.parse(taken.body) as EdxmlReceipt;
    const published = openApiAnswer('post', '/ingest/edxml', 202);
    expect([published(receipt), published.errors]).toEqual([true, null]);
    const id = `${WARD},2026/03/05,902/QĐ-UBND`;
    expect(receipt).toMatchObject({
      kind: 'document',
      documentId: id,
      agencyCode: WARD,
      events: [{ id: `edxml:${id}`, type: 'vn.qlvb.document.issued.v1', subject: id }],
      topic: topics.KAFKA_TOPIC_EDXML,
    });
    await waitFor('its event on the document topic', async () =>
      (await readTopic(topics.KAFKA_TOPIC_DOCUMENT_EVENTS, 1)).some((m) => m.key?.toString() === id),
    );

    const refused = await post(Buffer.from('<edXML xmlns="urn:other"/>'), 'application/xml', OPERATOR);
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body)).toMatchObject({
      type: 'urn:hoso-bridge:problem:edxml-refused',
      reason: 'SCHEMA_VIOLATION',
    });

    const json = await post(Buffer.from('{}'), 'application/json', OPERATOR);
    expect(json.status).toBe(415);
    const large = await post(Buffer.alloc(MAX_BYTES + 1, 0x41), good.contentType, OPERATOR);
    expect(large.status).toBe(413);
  });
});
