import 'reflect-metadata';
import { InvalidConfigError, loadConfig, loadDotEnv } from '@hoso/config';
import { CommandFactory } from 'nest-commander';
import { LabModule } from './lab.module';

/**
 * `hoso-lab`: what feeds the bridge made-up data, for a demo, a test by hand or a benchmark (simulate,
 * demo, bench). It is never deployed; the operators' CLI is `hoso`.
 */
async function main(): Promise<void> {
  loadDotEnv();
  loadConfig();
  await CommandFactory.run(LabModule, {
    logger: ['error', 'warn'],
    serviceErrorHandler: (error: Error) => {
      console.error(`hoso-lab: ${error.message}`);
      process.exitCode = 1;
    },
  });
  // A client still reconnecting in the background must not keep the shell waiting once a command is done.
  process.exit();
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
