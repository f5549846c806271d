// Lints files that exist only in memory with the architecture's rules of eslint.config.mjs: reads
// [{ path, code }] as JSON on stdin, writes each file's problems as JSON. A plain Node process, since
// ESLint loads its (ES module) configuration with a dynamic import that Jest cannot run.
import { ESLint } from 'eslint';

const files = JSON.parse(await new Response(process.stdin).text());
const eslint = new ESLint({
  // No type information: the files are not on disk, and the boundary rules need none.
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});
const problems = [];
for (const { path, code } of files) {
  const [result] = await eslint.lintText(code, { filePath: path });
  problems.push(result.messages.map((m) => `${m.ruleId}: ${m.message}`));
}
process.stdout.write(JSON.stringify(problems));
