import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SipProblem } from './sip-checks';

// PDF/A conformance by veraPDF, the PDF Association's validator (Java, from Maven Central through
// infra/verapdf/verapdf.sh, or the command in VERAPDF_COMMAND). Circular 05/2025 asks for text documents as
// PDF/A; veraPDF checks each against the part and level the file claims, and a file that claims none against
// PDF/A-2b.

// From the sources (tests) this file is in libs/archive/src/verify; built, in dist/libs/archive/src/verify.
const LAUNCHER = [
  join(__dirname, '../../../../infra/verapdf/verapdf.sh'),
  join(__dirname, '../../../../../infra/verapdf/verapdf.sh'),
].find((path) => existsSync(path));

/** How veraPDF is started: VERAPDF_COMMAND (a veraPDF CLI), else the project's launcher. */
function command(): { file: string; args: string[] } {
  const configured = process.env.VERAPDF_COMMAND?.trim();
  if (configured) return { file: configured, args: [] };
  if (!LAUNCHER)
    throw new Error('no veraPDF: set VERAPDF_COMMAND, or run from a checkout with infra/verapdf');
  return { file: 'bash', args: [LAUNCHER] };
}

interface VeraJob {
  itemDetails: { name: string };
  taskException?: { exceptionMessage?: string };
  validationResult?: Array<{
    compliant: boolean;
    profileName: string;
    details: {
      failedRules: number;
      ruleSummaries: Array<{
        specification: string;
        clause: string;
        testNumber: number;
        description: string;
      }>;
    };
  }>;
}

/** The PDF/A problems of PDF files saved on disk, each reported under its path in the package. */
export async function pdfaProblems(
  files: ReadonlyArray<{ path: string; file: string }>,
): Promise<SipProblem[]> {
  if (files.length === 0) return [];
  const problem = (path: string | null, message: string): SipProblem => ({ check: 'pdfa', path, message });
  let jobs: VeraJob[];
  try {
    const { file, args } = command();
    const stdout = await run(file, [
      ...args,
      '--format',
      'json',
      '--defaultflavour',
      '2b',
      '--maxfailuresdisplayed',
      '1',
      ...files.map((f) => f.file),
    ]);
    jobs = (JSON.parse(stdout) as { report: { jobs: VeraJob[] } }).report.jobs;
  } catch (error) {
    return [problem(null, `veraPDF could not check the PDFs: ${(error as Error).message}`)];
  }
  const byFile = new Map(jobs.map((job) => [job.itemDetails.name, job]));
  return files.flatMap(({ path, file }) => {
    const job = byFile.get(file);
    if (!job) return [problem(path, 'veraPDF gave no result for it')];
    if (job.taskException)
      return [
        problem(path, `veraPDF cannot read it: ${job.taskException.exceptionMessage ?? 'unknown error'}`),
      ];
    return (job.validationResult ?? [])
      .filter((result) => !result.compliant)
      .map((result) => {
        const rules = result.details.ruleSummaries
          .slice(0, 3)
          .map((rule) => `${rule.specification} ${rule.clause}-${rule.testNumber}: ${rule.description}`);
        return problem(
          path,
          `not compliant with the ${result.profileName}: ${result.details.failedRules} rule(s) failed, ${rules.join('; ')}`,
        );
      });
  });
}

/** veraPDF's report; it exits non-zero when a file fails, so only a report that is missing is an error. */
function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60_000 }, (error, stdout, stderr) => {
      if (stdout.trimStart().startsWith('{')) return resolve(stdout);
      const said = `${stderr}`.trim().split('\n').slice(-3).join(' ');
      reject(new Error(error ? `${error.message.split('\n')[0]} ${said}`.trim() : said || 'no report'));
    });
  });
}
