/** Doubling delays from `firstMs`, capped at `maxMs`, with a little jitter so instances do not retry in step. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly maxMs: number,
    private readonly firstMs = 100,
  ) {}

  next(): number {
    const delay = Math.min(this.maxMs, this.firstMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` until it succeeds or `stopped()` says to give up, waiting a growing delay in between. */
export async function retryUntilStopped(
  attempt: () => Promise<void>,
  options: { maxMs: number; stopped: () => boolean; onError: (error: unknown, delayMs: number) => void },
): Promise<boolean> {
  const backoff = new Backoff(options.maxMs, 500);
  while (!options.stopped()) {
    try {
      await attempt();
      return true;
    } catch (error) {
      const delay = backoff.next();
      options.onError(error, delay);
      await sleep(delay);
    }
  }
  return false;
}
