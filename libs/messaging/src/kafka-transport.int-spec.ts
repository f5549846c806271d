import { randomUUID } from 'node:crypto';
import { type KafkaConfig, loadConfig } from '@hoso/config';
import { Controller, type INestMicroservice, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { waitFor } from '@test/support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { kafkaMicroserviceOptions } from './kafka-options';
import { KafkaProbe } from './kafka-probe';
import { TopicProvisioner } from './topic-provisioner';

const TOPIC = `it.transport.${randomUUID().slice(0, 8)}`;

/** What each consumer instance received, in arrival order. */
const received: Array<{ instance: string; value: string; partition: number }> = [];
let currentInstance = '';

@Controller()
class RecordingConsumer {
  @EventPattern(TOPIC)
  onEvent(@Ctx() context: KafkaContext): void {
    const value = context.getMessage().value;
    received.push({ instance: currentInstance, value: String(value), partition: context.getPartition() });
  }
}

@Module({ controllers: [RecordingConsumer] })
class RecordingModule {}

function testKafkaConfig(overrides: Partial<KafkaConfig> = {}): KafkaConfig {
  const base = loadConfig({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS: '3' }).kafka;
  return { ...base, clientId: `it-${randomUUID().slice(0, 8)}`, groupId: `it-group-${TOPIC}`, ...overrides };
}

describe('Nest Kafka transport on the real broker', () => {
  const config = testKafkaConfig();
  let client: ClientKafka;

  async function startConsumer(instance: string): Promise<INestMicroservice> {
    currentInstance = instance;
    const app = await NestFactory.createMicroservice(RecordingModule, {
      ...kafkaMicroserviceOptions(config),
      logger: false,
    });
    await app.listen();
    return app;
  }

  async function emit(values: string[]): Promise<void> {
    for (const value of values) await lastValueFrom(client.emit(TOPIC, { key: value, value }));
  }

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    await new TopicProvisioner(config).ensure([TOPIC]);
    client = new ClientKafka({
      client: { clientId: `${config.clientId}-producer`, brokers: config.brokers, logLevel: logLevel.ERROR },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      producerOnlyMode: true,
    });
    await client.connect();
  });
  afterAll(() => client.close());

  it('should consume what the Nest client produced, and after a group rejoin resume after the committed offsets', async () => {
    const first = await startConsumer('first');
    await emit(['m1', 'm2', 'm3']);
    await waitFor('the first member to receive m1..m3', () => received.length === 3);
    await first.close();

    // Produced while no member is in the group: the next member must get exactly these.
    await emit(['m4', 'm5']);
    const second = await startConsumer('second');
    await waitFor('the rejoined member to receive m4 and m5', () => received.length === 5);
    await second.close();

    expect(
      received
        .filter((r) => r.instance === 'first')
        .map((r) => r.value)
        .sort(),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(
      received
        .filter((r) => r.instance === 'second')
        .map((r) => r.value)
        .sort(),
    ).toEqual(['m4', 'm5']);
  });

  it('should have created the topic with the configured number of partitions', async () => {
    const admin = new Kafka({ brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    await admin.disconnect();
    expect(topic?.partitions).toHaveLength(3);
  });
});

describe('KafkaProbe', () => {
  it('should count the brokers that answer', async () => {
    const probe = new KafkaProbe(testKafkaConfig());
    await expect(probe.brokerCount(3000)).resolves.toBe(1);
    await probe.onModuleDestroy();
  });

  it('should fail within its timeout when no broker listens', async () => {
    const probe = new KafkaProbe(testKafkaConfig({ brokers: ['127.0.0.1:1'] }));
    const started = Date.now();
    await expect(probe.brokerCount(1500)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
