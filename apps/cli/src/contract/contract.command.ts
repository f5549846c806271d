import { writeFileSync } from 'node:fs';
import { buildAsyncApi } from '@hoso/contracts';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

@SubCommand({
  name: 'asyncapi',
  description: 'print the AsyncAPI 3 document generated from the contract classes',
})
class AsyncApiCommand extends CommandRunner {
  run(_args: string[], options: { out?: string }): Promise<void> {
    const text = `${JSON.stringify(buildAsyncApi(), null, 2)}\n`;
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
    return Promise.resolve();
  }

  @Option({ flags: '-o, --out <file>', description: 'write to a file instead of standard output' })
  parseOut(value: string): string {
    return value;
  }
}

@Command({ name: 'contract', description: 'the event contract: asyncapi', subCommands: [AsyncApiCommand] })
class ContractCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

export const CONTRACT_COMMANDS = [ContractCommand, AsyncApiCommand];
