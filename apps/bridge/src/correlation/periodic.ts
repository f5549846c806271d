/** Runs work every intervalMs, one run at a time (a tick during a run is skipped); stop() waits for the run. */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  start(intervalMs: number, work: () => Promise<unknown>): void {
    this.timer = setInterval(() => {
      this.running ??= work().finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
