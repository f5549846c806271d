import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@test/support';

// The alert rules and the Grafana dashboard under docs/operations, held to what Prometheus accepts.
const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const run = promisify(execFile);
const promtool = (...args: string[]) => run(PROMTOOL, args, { cwd: join(REPO_ROOT, 'docs/operations') });

interface Panel {
  id: number;
  title: string;
  datasource: { uid: string };
  gridPos: { x: number; w: number };
  targets: Array<{ expr: string }>;
}
const dashboard = JSON.parse(
  readFileSync(join(REPO_ROOT, 'docs/operations/grafana-dashboard.json'), 'utf8'),
) as { uid: string; panels: Panel[]; templating: { list: Array<{ name: string }> } };

describe('docs/operations: alert rules and dashboard, checked by promtool', () => {
  it('should load the alert rules', async () => {
    const { stdout } = await promtool('check', 'rules', 'alerts.yml');
    expect(stdout).toMatch(/SUCCESS: 9 rules found/);
  });

  it('should fire each alert when its unit tests say, with the summaries they expect', async () => {
    const { stdout } = await promtool('test', 'rules', 'alerts.test.yml');
    expect(stdout).toMatch(/SUCCESS/);
  });

  it('should give the dashboard only queries Prometheus parses, each panel on the chosen data source', async () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'job']);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid).toBe('${datasource}');
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets.length).toBeGreaterThan(0);
    }
    // Each query as a recording rule, with the job variable filled in: promtool parses every one.
    const exprs = dashboard.panels.flatMap((p) =>
      p.targets.map((t) => t.expr.replaceAll('$job', 'hoso-bridge')),
    );
    const dir = mkdtempSync(join(tmpdir(), 'hoso-dashboard-'));
    try {
      const rules = exprs.map(
        (expr, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr)}`,
      );
      writeFileSync(
        join(dir, 'queries.yml'),
        `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`,
      );
      const { stdout } = await run(PROMTOOL, ['check', 'rules', join(dir, 'queries.yml')]);
      expect(stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
