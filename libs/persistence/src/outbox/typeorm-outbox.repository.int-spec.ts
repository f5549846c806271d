import { BOTH_DATABASES, useMigratedDatabase } from '@test/support';
import { OutboxMessage } from './outbox-message.entity';
import { type PendingMessage } from './outbox.repository';
import { TypeormOutboxRepository } from './typeorm-outbox.repository';

describe.each(BOTH_DATABASES)('TypeormOutboxRepository on %s', (_label, open) => {
  let outbox: TypeormOutboxRepository;
  const rows = () => db.dataSource.getRepository(OutboxMessage);

  async function write(count: number): Promise<void> {
    await rows().insert(
      Array.from({ length: count }, (_, i) => ({
        topic: 'hoso.bridge.dlq.v1',
        kafkaKey: Buffer.from(`k${i}`),
        kafkaValue: Buffer.from(`v${i}`),
        kafkaHeaders: '[]',
      })),
    );
  }

  const db = useMigratedDatabase(() => open('outbox'));
  beforeAll(() => {
    outbox = new TypeormOutboxRepository(db.transactions, rows());
  });
  beforeEach(() => rows().clear());

  it('should hand over pending messages in write order and mark them published', async () => {
    await write(5);
    const seen: string[] = [];
    const published = await outbox.publishPending(3, 60_000, (messages) => {
      seen.push(...messages.map((m) => String(m.kafkaValue)));
      return Promise.resolve();
    });
    expect(published).toBe(3);
    expect(seen).toEqual(['v0', 'v1', 'v2']);
    expect(await outbox.backlog()).toBe(2);
  });

  it('should keep messages pending when publishing fails, and hand them out again as maybe published', async () => {
    await write(2);
    const failedAt = Date.now();
    await expect(
      outbox.publishPending(10, 60_000, () => Promise.reject(new Error('broker down'))),
    ).rejects.toThrow();
    expect(await outbox.backlog()).toBe(2);
    const retried: Array<Date | null> = [];
    const published = await outbox.publishPending(10, 60_000, (messages) => {
      retried.push(...messages.map((m) => m.claimedBefore));
      return Promise.resolve();
    });
    expect(published).toBe(2);
    expect(retried).toHaveLength(2);
    // No later than the failed attempt began: the relay searches the topic from there.
    for (const at of retried) expect(at!.getTime()).toBeLessThanOrEqual(failedAt);
  });

  it('should not hand out what another relay holds, and hand it out once the claim expired', async () => {
    await write(1);
    const firstTries: Array<Date | null> = [];
    // Claims are kept to the second: 1.5 s is over by 2.6 s, and not yet at 0.2 s.
    const holding = outbox.publishPending(10, 1_500, async (messages) => {
      firstTries.push(...messages.map((m) => m.claimedBefore));
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // a relay that hangs, or died here
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await outbox.publishPending(10, 60_000, () => Promise.resolve())).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_400));
    const secondTries: Array<Date | null> = [];
    const published = await outbox.publishPending(10, 60_000, (messages) => {
      secondTries.push(...messages.map((m) => m.claimedBefore));
      return Promise.resolve();
    });
    expect(published).toBe(1);
    expect(firstTries).toEqual([null]);
    expect(secondTries[0]).toBeInstanceOf(Date);
    await holding;
  });

  it('should let two relays drain at once without publishing anything twice', async () => {
    await write(300);
    const seen: string[] = [];
    const relay = async () => {
      const publish = (messages: PendingMessage[]) => {
        seen.push(...messages.map((m) => m.id));
        return new Promise<void>((resolve) => setTimeout(resolve, 5));
      };
      while ((await outbox.publishPending(25, 60_000, publish)) > 0) {
        // Until the outbox is empty.
      }
    };
    await Promise.all([relay(), relay()]);
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });
});
