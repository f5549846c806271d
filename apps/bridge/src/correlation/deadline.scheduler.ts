import { filingConfig } from '@hoso/config';
import { Transactions } from '@hoso/persistence';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { CorrelationService } from './correlation.service';
import { FilingCommitted } from './filing-committed';
import { Periodic } from './periodic';

/** How long an instance holds the deadlines it took before another may take them. */
const CLAIM_MS = 60_000;

/**
 * Fires stored deadlines (grace periods, appointment dates). They are rows, not timers: any instance
 * claims due ones, so a restart or a second instance loses none and fires none twice.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private readonly periodic = new Periodic();

  constructor(
    private readonly transactions: Transactions,
    private readonly correlation: CorrelationService,
    private readonly committed: FilingCommitted,
    @Inject(filingConfig.KEY) private readonly cfg: ConfigType<typeof filingConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.start(this.cfg.deadlinePollMs, (stopping) => this.fireDue(new Date(), stopping));
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** Fires every deadline due now; returns how many fired. */
  async fireDue(now = new Date(), stopping: () => boolean = () => false): Promise<number> {
    let fired = 0;
    try {
      const due = await this.transactions.run(({ deadlines }) => deadlines.claimDue(now, 100, CLAIM_MS));
      for (const deadline of due) {
        if (stopping()) {
          // Handed back, so another instance fires them now rather than once their claims lapse.
          const left = due.slice(fired);
          await this.transactions.run(async ({ deadlines }) => {
            for (const d of left) await deadlines.release(d);
          });
          break;
        }
        const effects = await this.transactions.run(async (uow) => {
          const result = await this.correlation.onDeadline(uow, deadline, now);
          await uow.deadlines.complete(deadline);
          return result;
        });
        this.committed.record(effects);
        fired += 1;
      }
    } catch (error) {
      // Claimed deadlines come back once their claim lapses.
      this.logger.warn(`Deadlines could not be fired now: ${String(error)}`);
    }
    return fired;
  }
}
