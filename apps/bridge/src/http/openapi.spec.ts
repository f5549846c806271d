import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@hoso/config';
import { PROBLEM_CONTENT_TYPE } from '@hoso/contracts';
import { NestFactory } from '@nestjs/core';
import { OPENAPI_FILE } from '@test/support';
import { BridgeModule } from '../bridge.module';
import { openApiDocument } from './openapi';

interface Operation {
  summary?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: object } };

const ROOT = join(__dirname, '../../../..');

/** The document as the bridge builds it, from the routes in preview mode (no provider, no I/O). */
async function generated(): Promise<Document> {
  loadConfig({});
  const app = await NestFactory.create(BridgeModule, { preview: true, logger: false, abortOnError: false });
  try {
    return JSON.parse(JSON.stringify(openApiDocument(app))) as Document;
  } finally {
    await app.close();
  }
}

describe('the OpenAPI document', () => {
  const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;
  const admin = Object.entries(committed.paths)
    .filter(([path]) => path.startsWith('/admin/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => [`${method} ${path}`, op] as const),
    )
    // The one admin route before a token: how the dashboard signs in.
    .filter(([route]) => route !== 'get /admin/sign-in');

  it('should be the committed docs/openapi.json (regenerate with npm run contract:openapi)', async () => {
    expect(committed).toEqual(await generated());
  });

  it('should pass the OpenAPI lint (Redocly, recommended rules) without an error or a warning', async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', OPENAPI_FILE, '--format=json', `--config=${join(ROOT, 'redocly.yaml')}`],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((failed: { stdout: string }) => failed);
    const { totals, problems } = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect([totals.errors, totals.warnings]).toEqual([0, 0]);
  });

  it('should give every admin route an answer with a schema, and its errors as problem+json', () => {
    expect(admin.length).toBeGreaterThan(25);
    for (const [route, op] of admin) {
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect([route, success.length]).toEqual([route, 1]);
      for (const [, answer] of success)
        expect([route, Object.values(answer.content ?? {}).every((c) => c.schema)]).toEqual([route, true]);
      for (const status of ['400', '401', '403', '500', '503'])
        expect([route, status, Object.keys(op.responses[status]?.content ?? {})]).toEqual([
          route,
          status,
          [PROBLEM_CONTENT_TYPE],
        ]);
      expect([route, op.security]).toEqual([route, [{ bearer: [] }]]);
    }
  });

  it('should answer every list of the admin API as a page: {items, next}', () => {
    const lists = admin.filter(([route]) => route.startsWith('get ') && !/\{[^}]+\}$/.test(route));
    const pages = lists.filter(([, op]) => {
      const schema = op.responses['200']?.content?.['application/json']?.schema as
        { required?: string[] } | undefined;
      return schema?.required?.join() === 'items,next';
    });
    expect(pages.map(([route]) => route).sort()).toEqual(
      [
        'get /admin/alerts',
        'get /admin/archive/destruction',
        'get /admin/archive/files',
        'get /admin/audit',
        'get /admin/dlq',
        'get /admin/dossiers',
        'get /admin/efiles',
        'get /admin/jobs',
        'get /admin/pending/documents',
        'get /admin/pending/dossiers',
        'get /admin/suggestions',
        'get /admin/transfers',
      ].sort(),
    );
  });
});
