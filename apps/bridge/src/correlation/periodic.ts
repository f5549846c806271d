/**
 * Runs work every intervalMs, one run at a time (a tick during a run is skipped); stop() waits for the run,
 * which should look at `stopping()` between its steps: each step may wait its turn at the filing lock.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  start(intervalMs: number, work: (stopping: () => boolean) => Promise<unknown>): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      this.running ??= work(() => this.stopped).finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
