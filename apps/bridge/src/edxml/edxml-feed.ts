import { intakeConfig, kafkaConfig } from '@hoso/config';
import { AGENCY_CODE, type CheckedEvent } from '@hoso/contracts';
import { type Adapted, adaptEdxml, adaptEdxmlMessages } from '@hoso/edxml';
import {
  type ConsumedMessage,
  documentEventMessage,
  headerText,
  type MessageHeaders,
  MessagePublisher,
  type PartitionBatch,
  type Position,
  rejection,
  traceHeadersOfMessage,
} from '@hoso/messaging';
import {
  type EdxmlFile,
  type NewEdxmlFile,
  type NewOutboxMessage,
  type Rejected,
  Transactions,
} from '@hoso/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { IntakeMetrics } from '../intake/intake.metrics';
import { EdxmlMetrics } from './edxml.metrics';

/**
 * The edXML adapter (docs/edxml.md): each message of the edXML topic becomes the document events it stands
 * for, written to the outbox for the document topic, or a dead letter with its bytes, in one transaction
 * per chunk before its offsets are committed. The same envelope again makes the same event ids, which
 * intake takes as duplicates. `POST /ingest/edxml` writes to the same topic, so both ways are one.
 */
@Injectable()
export class EdxmlFeed {
  private readonly logger = new Logger(EdxmlFeed.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly publisher: MessagePublisher,
    private readonly metrics: EdxmlMetrics,
    private readonly intakeMetrics: IntakeMetrics,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
    @Inject(intakeConfig.KEY) private readonly intake: ConfigType<typeof intakeConfig>,
  ) {}

  /** The largest message taken. */
  get maxBytes(): number {
    return this.intake.edxmlMaxBytes;
  }

  /** How the adapter reads messages: the size limit, and the URI of a kept file. */
  private get options() {
    return {
      maxBytes: this.maxBytes,
      fileUri: (sha256: string) => `${this.intake.edxmlFilesUrl}/${sha256}`,
    };
  }

  /** What a message would come to, without writing anything. */
  check(bytes: Buffer | null, contentType: string | undefined): Promise<Adapted> {
    return adaptEdxml(bytes, contentType, this.options);
  }

  /** A kept file, by its SHA-256. */
  file(sha256: string): Promise<EdxmlFile | null> {
    return this.transactions.run((uow) => uow.edxmlFiles.find(sha256));
  }

  /** Writes a message to the edXML topic as it came, with its content type, for the feed to take. */
  async write(bytes: Buffer, contentType: string | undefined, key: string | null): Promise<Position> {
    const topic = this.kafka.topics.edxmlMessages;
    const [position] = await this.publisher.publishPositioned([
      { topic, key, value: bytes, headers: contentType ? { 'content-type': contentType } : {} },
    ]);
    return position!;
  }

  /** Adapts a partition's chunk and records what it comes to; returns each message's verdict. */
  async handle({ messages }: PartitionBatch): Promise<Adapted[]> {
    const events: NewOutboxMessage[] = [];
    const files: NewEdxmlFile[] = [];
    const rejected: Rejected[] = [];
    const outcomes: Array<'document' | 'status' | 'dead_lettered'> = [];
    // The chunk's envelopes go through the schema together: one libxml2 run, not one a message.
    const verdicts = await adaptEdxmlMessages(
      messages.map((m) => ({ bytes: m.value, contentType: contentTypeOf(m.headers) })),
      this.options,
    );
    for (const [i, message] of messages.entries()) {
      const adapted = verdicts[i]!;
      // What is made of it continues its trace.
      const trace = traceHeadersOfMessage(message.headers);
      if (!adapted.ok) {
        rejected.push(this.deadLetter(message, adapted, trace));
        outcomes.push('dead_lettered');
        continue;
      }
      outcomes.push(adapted.kind);
      if (adapted.kind !== 'document') continue;
      events.push(...adapted.events.map((event) => this.eventMessage(event, message, trace)));
      if (adapted.file) {
        const { sha256, mediaType, bytes } = adapted.file;
        files.push({
          sha256,
          mediaType,
          sizeBytes: bytes.length,
          agencyCode: adapted.agencyCode,
          content: bytes,
        });
      }
    }
    // The files first: an event never names a URI that serves nothing.
    const outcome = await this.transactions.run(async (uow) => {
      await uow.edxmlFiles.keep(files);
      await uow.outbox.add(events);
      return uow.intake.record({ accepted: [], rejected });
    });
    for (const kind of outcomes) this.metrics.messages.inc({ outcome: kind });
    for (const letter of outcome.deadLettered) {
      this.intakeMetrics.deadLetters.inc({ topic: letter.sourceTopic, reason: letter.reason });
      // Coordinates, the document id and the reason: never the content.
      this.logger.warn(
        {
          topic: letter.sourceTopic,
          partition: letter.sourcePartition,
          offset: letter.sourceOffset,
          documentId: letter.eventId,
          reason: letter.reason,
        },
        `Dead-lettered an edXML message: ${letter.message}`,
      );
    }
    return verdicts;
  }

  private eventMessage(event: CheckedEvent, from: ConsumedMessage, trace: Record<string, string>) {
    return documentEventMessage(this.kafka.topics.documentEvents, event, {
      ...trace,
      // Which edXML message it was made of.
      'hoso.edxml.source': `${from.topic}/${from.partition}/${from.offset}`,
    });
  }

  private deadLetter(
    message: ConsumedMessage,
    refused: Extract<Adapted, { ok: false }>,
    trace: Record<string, string>,
  ): Rejected {
    const known = {
      source: refused.agencyCode ? `urn:qlvb:${refused.agencyCode}` : null,
      id: refused.documentId ? `edxml:${refused.documentId}`.slice(0, 128) : null,
      type: null,
      // Only an agency code of the contract's form says who may see it; otherwise the province.
      agencyCode: refused.agencyCode && AGENCY_CODE.test(refused.agencyCode) ? refused.agencyCode : null,
    };
    return rejection(message, refused.reason, refused.message, known, this.kafka.topics.deadLetter, trace);
  }
}

const contentTypeOf = (headers: MessageHeaders) => headerText(headers, 'content-type');
