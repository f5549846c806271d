import 'reflect-metadata';
import { InvalidConfigError, loadConfig, loadDotEnv } from '@hoso/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  loadDotEnv();
  loadConfig();
  await CommandFactory.run(CliModule, {
    logger: ['error', 'warn'],
    serviceErrorHandler: (error: Error) => {
      console.error(`hoso: ${error.message}`);
      process.exitCode = 1;
    },
  });
  // Every command is done here: a client still reconnecting in the background (a bench run once sat after
  // its report on a Kafka connection nobody used) must not keep the shell waiting.
  process.exit();
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
