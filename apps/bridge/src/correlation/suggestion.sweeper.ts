import { filingConfig } from '@hoso/config';
import { fittingPairs } from '@hoso/domain';
import { type SuggestionsDue, Transactions, type UnitOfWork } from '@hoso/persistence';
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
    this.periodic.start(this.filing.suggestionSweepMs, (stopping) => this.sweep(stopping));
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** Stores new suggestions; returns how many. */
  async sweep(stopping: () => boolean = () => false): Promise<number> {
    let stored = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES && !stopping(); batch += 1) {
        // Read without locks: the candidates are ranges of many rows, and locking them would hold intake back.
        const read = await this.transactions.run(async ({ suggestions }) => {
          const due = await suggestions.due(BATCH);
          if (due.documents.length + due.dossiers.length === 0) return undefined;
          const inputs = await suggestions.inputs(due);
          const pairs = await this.candidates(suggestions, due);
          return { due, inputs, pairs };
        });
        if (read === undefined) break;
        stored += await this.transactions.run(async (uow) => {
          await uow.takeFilingLock();
          const { suggestions } = uow;
          // A row saved since the read keeps its mark (and its pairs wait): the next sweep reads it anew.
          const now = await suggestions.inputs(read.due, { lock: true });
          const changed = (kind: string) => (id: string) =>
            now.get(`${kind}:${id}`) !== read.inputs.get(`${kind}:${id}`);
          const documents = new Set(read.due.documents.filter(changed('document')));
          const dossiers = new Set(read.due.dossiers.filter(changed('dossier')));
          const settled = {
            documents: read.due.documents.filter((id) => !documents.has(id)),
            dossiers: read.due.dossiers.filter((code) => !dossiers.has(code)),
          };
          const pairs = read.pairs.filter(
            (p) => !documents.has(p.documentId) && !dossiers.has(p.dossierCode),
          );
          await suggestions.add(pairs);
          await suggestions.clearMarks(settled);
          return pairs.length;
        });
      }
    } catch (error) {
      this.logger.warn(`Suggestions could not be swept now: ${String(error)}`);
    }
    return stored;
  }

  /** New pairs that fit rule 4 among what is due: the queries narrow, the pure rule decides. */
  private async candidates(suggestions: UnitOfWork['suggestions'], due: SuggestionsDue) {
    const profiles = await suggestions.profiles(due.dossiers);
    const targets = await suggestions.targets(due.documents);
    const pairs = new Map<string, { dossierCode: string; documentId: string }>();
    for (const { profile, target } of [
      ...fittingPairs(profiles, await suggestions.targetsNear(profiles)),
      ...fittingPairs(await suggestions.profilesNear(targets), targets),
    ]) {
      const pair = { dossierCode: profile.dossierCode, documentId: target.documentId };
      pairs.set(`${pair.dossierCode} ${pair.documentId}`, pair);
    }
    const suggested = await suggestions.suggested([...pairs.values()]);
    return [...pairs].filter(([key]) => !suggested.has(key)).map(([, pair]) => pair);
  }
}
