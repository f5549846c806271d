export interface PendingMessage {
  id: string;
  topic: string;
  kafkaKey: Buffer | null;
  kafkaValue: Buffer | null;
  kafkaHeaders: string;
  /** When the transaction that wrote it ran: how long it waited to be published is measured from here. */
  createdAt: Date;
  /**
   * When an earlier relay took this message and never marked it published (it crashed or failed, maybe
   * after the broker took it), a time no later than that attempt began. Null on the first attempt.
   */
  claimedBefore: Date | null;
}

/** The outbox port: messages written with the state they belong to, published after commit. */
export abstract class OutboxRepository {
  /**
   * Takes up to `limit` unpublished messages in write order, hands them to `publish`, and marks them
   * published when it resolves. Taken messages are held for `claimMs`, so other relays leave them alone;
   * if `publish` fails they are released at once. Returns how many were published.
   */
  abstract publishPending(
    limit: number,
    claimMs: number,
    publish: (messages: PendingMessage[]) => Promise<void>,
  ): Promise<number>;

  /** Messages not yet published. */
  abstract backlog(): Promise<number>;
}
