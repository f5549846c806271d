import { Injectable } from '@nestjs/common';
import { CommandRunner, Option } from 'nest-commander';
import { BridgeClient, exitWith } from './bridge-client';

export interface JsonOption {
  json?: boolean;
}

/** Commands that talk to a running bridge; `--json` prints what the API answered, for scripts. */
// Injectable, so the subclasses inherit the constructor's parameter types.
@Injectable()
export abstract class BridgeCommand<O extends JsonOption = JsonOption> extends CommandRunner {
  constructor(protected readonly bridge: BridgeClient) {
    super();
  }

  run(args: string[], options: O = {} as O): Promise<void> {
    return exitWith(() => this.work(args, options));
  }

  protected abstract work(args: string[], options: O): Promise<number | void>;

  @Option({ flags: '--json', description: 'print JSON instead of tables' })
  parseJson(): boolean {
    return true;
  }

  /** Prints JSON, or the table the command shows. */
  protected show(options: O, value: unknown, table: () => void): void {
    if (options.json) console.log(JSON.stringify(value, null, 2));
    else table();
  }
}
