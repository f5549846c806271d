import { randomUUID } from 'node:crypto';
import { loadConfig } from '@hoso/config';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { KafkaProbe } from './kafka-probe';
import { TopicProvisioner } from './topic-provisioner';

const config = loadConfig({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS: '2' }).kafka;

describe('KafkaProbe on the real broker', () => {
  const probes: KafkaProbe[] = [];
  afterAll(() => Promise.all(probes.map((p) => p.onModuleDestroy())));

  it('should read a group offsets on a fresh admin, with nobody having asked for metadata before', async () => {
    const topic = `it.probe.${randomUUID().slice(0, 8)}`;
    await new TopicProvisioner(config).ensure([topic]);
    const kafka = new Kafka({ clientId: 'it-probe', brokers: config.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    await producer.disconnect();

    const probe = new KafkaProbe(config);
    probes.push(probe);
    const offsets = await probe.groupOffsets(`it-probe-${topic}`, [topic], 5000);
    expect(offsets.map((o) => o.partition)).toEqual([0, 1]);
    expect(offsets.every((o) => o.committed === null)).toBe(true);
    expect(offsets.reduce((sum, o) => sum + o.lag, 0n)).toBe(2n);
  });

  it('should answer calls made at the same time', async () => {
    const probe = new KafkaProbe(config);
    probes.push(probe);
    const topic = `it.probe.${randomUUID().slice(0, 8)}`;
    await new TopicProvisioner(config).ensure([topic]);
    const answers = await Promise.all([
      probe.brokerCount(5000),
      probe.groupOffsets('it-probe-together', [topic], 5000),
      probe.groupOffsets('it-probe-together', [topic], 5000),
    ]);
    expect(answers[0]).toBe(1);
    expect(answers[1]).toEqual(answers[2]);
  });

  it('should share one call among the health checks that ask while a broker is not answering', async () => {
    // Nothing listens on port 1: every attempt fails, after the connection timeout at most.
    const probe = new KafkaProbe({ ...config, brokers: ['127.0.0.1:1'] });
    probes.push(probe);
    const asked = Array.from({ length: 20 }, () => probe.brokerCount(1000));
    expect(new Set(asked).size).toBe(1);
    await expect(Promise.all(asked)).rejects.toThrow();
    // Once settled, the next check is a call of its own.
    const again = probe.brokerCount(1000);
    expect(again).not.toBe(asked[0]);
    await expect(again).rejects.toThrow();
  });
});
