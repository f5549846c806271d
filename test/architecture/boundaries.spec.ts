import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Files planted in memory only: where each would be, and what it would import. */
const CAUGHT: Array<[string, string, string]> = [
  [
    'a library importing one to its right by a relative path',
    'libs/domain/src/planted.ts',
    "import { OutboxRelay } from '../../messaging/src';",
  ],
  [
    'a library importing one to its right by its alias',
    'libs/contracts/src/planted.ts',
    "import { fold } from '@hoso/domain';",
  ],
  [
    'production code importing the simulator',
    'libs/persistence/src/planted.ts',
    "import { simulate } from '@hoso/simulator';",
  ],
  [
    'the bridge importing the simulator',
    'apps/bridge/src/planted.ts',
    "import { simulate } from '@hoso/simulator';",
  ],
  [
    'the CLI importing the simulator',
    'apps/cli/src/planted.ts',
    "import { simulate } from '@hoso/simulator';",
  ],
  [
    'an application importing a library past its index',
    'apps/bridge/src/planted.ts',
    "import { fold } from '../../../libs/domain/src/text';",
  ],
  [
    'an application importing another',
    'apps/cli/src/planted.ts',
    "import { AdminModule } from '../../bridge/src/admin/admin.module';",
  ],
  [
    'a test importing the insides of an application',
    'test/e2e/planted.e2e-spec.ts',
    "import { BenchKit } from '../../apps/lab/src/bench/bench-kit';",
  ],
  [
    'the simulator borrowing the domain',
    'libs/simulator/src/planted.ts',
    "import { correlate } from '@hoso/domain';",
  ],
  [
    'the dashboard importing a server library',
    'apps/dashboard/src/planted.ts',
    "import { OperationsRecords } from '../../../libs/persistence/src';",
  ],
];

const ALLOWED: Array<[string, string, string]> = [
  [
    'a library importing one to its left',
    'libs/messaging/src/planted.ts',
    "import { Transactions } from '@hoso/persistence';",
  ],
  [
    'the lab importing the simulator',
    'apps/lab/src/planted.ts',
    "import { simulate } from '@hoso/simulator';",
  ],
  [
    'a test importing the simulator and its support',
    'test/e2e/planted.e2e-spec.ts',
    "import { simulate } from '@hoso/simulator';\nimport { waitFor } from '@test/support';",
  ],
  [
    'the dashboard importing the admin API types',
    'apps/dashboard/src/planted.ts',
    "import type { Page } from '../../../libs/contracts/src/admin-api';",
  ],
  [
    'a library importing a package',
    'libs/persistence/src/planted.ts',
    "import { DataSource } from 'typeorm';",
  ],
];

/** The problems the architecture's lint finds in each planted file, linted once by ESLint itself. */
const problems = (() => {
  const files = [...CAUGHT, ...ALLOWED].map(([, path, code]) => ({
    path: join(ROOT, path),
    code: `${code}\nexport const planted = 1;\n`,
  }));
  const run = spawnSync(process.execPath, [join(__dirname, 'lint-boundaries.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(files),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the lint did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
})();

describe('the architecture the lint holds', () => {
  it.each(CAUGHT.map(([label], i) => [label, i] as const))('should catch %s', (_label, i) => {
    expect(problems[i]).toEqual([expect.stringMatching(/^boundaries\/dependencies: .* may not import /)]);
  });

  it.each(ALLOWED.map(([label], i) => [label, CAUGHT.length + i] as const))(
    'should let %s be',
    (_label, i) => {
      expect(problems[i]).toEqual([]);
    },
  );
});
