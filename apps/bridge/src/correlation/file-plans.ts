import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filingConfig } from '@hoso/config';
import { type FilePlan, filePlanProblems, planFor } from '@hoso/domain';
import { Transactions } from '@hoso/persistence';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';

/**
 * The file plans (danh mục hồ sơ), read from the versioned JSON files in FILE_PLAN_DIR at start-up,
 * refused as a whole when any entry breaks the legal limits, and stored in the database.
 */
@Injectable()
export class FilePlans implements OnModuleInit {
  private readonly logger = new Logger(FilePlans.name);
  private plans: FilePlan[] = [];

  constructor(
    private readonly transactions: Transactions,
    @Inject(filingConfig.KEY) private readonly cfg: ConfigType<typeof filingConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    const plans = readFilePlans(this.cfg.filePlanDir);
    await this.transactions.run(({ efiles }) =>
      efiles.saveFilePlans(
        plans.map((p) => ({ agency: p.agency, year: p.year, version: p.version, body: JSON.stringify(p) })),
      ),
    );
    this.plans = plans;
    this.logger.log(
      `Loaded ${plans.length} file plan(s): ${plans.map((p) => `${p.agency}/${p.year} v${p.version}`).join(', ')}`,
    );
  }

  /** The plan that governs an agency's files of a year (there is always one for every agency). */
  planOf(agency: string, year: number): FilePlan {
    return planFor(this.plans, agency, year)!;
  }
}

/** Every plan in the folder's JSON files (each holds one plan or a list), or an error listing every problem. */
export function readFilePlans(dir: string): FilePlan[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new Error(`Cannot read the file plans in ${dir} (FILE_PLAN_DIR): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const plans = files.flatMap((file) => {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FilePlan | FilePlan[];
    return Array.isArray(parsed) ? parsed : [parsed];
  });
  const problems = plans.flatMap(filePlanProblems);
  if (!plans.some((p) => p.agency === '*'))
    problems.push(`no file plan for every agency ("agency": "*") in ${dir}`);
  const keys = plans.map((p) => `${p.agency}/${p.year}`);
  for (const key of new Set(keys))
    if (keys.filter((k) => k === key).length > 1) problems.push(`two file plans for ${key}`);
  if (problems.length > 0)
    throw new Error(`The file plans in ${dir} are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return plans;
}
