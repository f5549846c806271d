import { fits } from '@hoso/domain';
import { Transactions } from '@hoso/persistence';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

const EVERY_MS = 30_000;
/** Rule-4 windows end 30 days after a due date; documents issued long before now need no more looks. */
const LOOK_BACK_DAYS = 120;
const BATCH = 5_000;

/**
 * Rule 4 (suggestions for an operator) off the intake path: from time to time, the documents that joined
 * no file are matched with the dossiers of their agency whose applicant their subject names. A suggestion
 * is never a link until an operator confirms it.
 */
@Injectable()
export class SuggestionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SuggestionSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(private readonly transactions: Transactions) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, EVERY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Stores new suggestions; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    try {
      const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString().slice(0, 10);
      return await this.transactions.run(async ({ correlation }) => {
        const candidates = await correlation.suggestionCandidates(since, BATCH);
        // The query narrows; the pure rule decides.
        const pairs = candidates.filter((c) =>
          fits(
            {
              agencyCode: c.agencyCode,
              applicantKey: c.applicantKey,
              from: c.suggestFrom,
              until: c.suggestUntil,
            },
            { agencyCode: c.agencyCode, subjectKey: c.subjectKey, issuedDate: c.issuedDate },
          ),
        );
        await correlation.addSuggestions(pairs);
        return pairs.length;
      });
    } catch (error) {
      this.logger.warn(`Suggestions could not be swept now: ${String(error)}`);
      return 0;
    }
  }
}
