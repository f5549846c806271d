import { filingConfig } from '@hoso/config';
import { fits } from '@hoso/domain';
import { Transactions } from '@hoso/persistence';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Periodic } from './periodic';

const BATCH = 1_000;
/** Batches per sweep, so a flood of new documents delays the next sweep rather than one sweep forever. */
const MAX_BATCHES = 50;

/**
 * Rule 4 (suggestions for an operator) off the intake path: from time to time, the documents and dossiers
 * saved since the last sweep are matched, a document that joined no file with the dossiers of its agency
 * whose applicant its subject names. A suggestion is never a link until an operator confirms it.
 */
@Injectable()
export class SuggestionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SuggestionSweeper.name);
  private readonly periodic = new Periodic();

  constructor(
    private readonly transactions: Transactions,
    @Inject(filingConfig.KEY) private readonly filing: ConfigType<typeof filingConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.start(this.filing.suggestionSweepMs, () => this.sweep());
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** Stores new suggestions; returns how many. */
  async sweep(): Promise<number> {
    let stored = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
        const found = await this.transactions.run(
          async ({ correlation }) => {
            const due = await correlation.dueForSuggestions(BATCH);
            if (due.documents.length + due.dossiers.length === 0) return undefined;
            // The query narrows; the pure rule decides.
            const pairs = (await correlation.suggestionCandidates(due)).filter((c) =>
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
            await correlation.clearSuggestionMarks(due);
            return pairs.length;
          },
          // Serializable: a dossier or document saved while this batch is read keeps its mark.
          { serializable: true },
        );
        if (found === undefined) break;
        stored += found;
      }
    } catch (error) {
      this.logger.warn(`Suggestions could not be swept now: ${String(error)}`);
    }
    return stored;
  }
}
