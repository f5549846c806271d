import { HosoConfigModule } from '@hoso/config';
import { Module } from '@nestjs/common';
import { BenchCommand } from './bench/bench.command';
import { CONTRACT_COMMANDS } from './contract/contract.command';
import { DB_COMMANDS } from './db/db.command';
import { DEMO_COMMANDS } from './demo/demo.command';
import { EXPORT_COMMANDS } from './export/export.commands';
import { EFILE_COMMANDS } from './ops/efiles.commands';
import { OPS_COMMANDS } from './ops/ops.commands';
import { REPLAY_COMMANDS } from './ops/replay.commands';
import { SIMULATE_COMMANDS } from './simulate/simulate.command';

@Module({
  imports: [HosoConfigModule],
  providers: [
    BenchCommand,
    ...CONTRACT_COMMANDS,
    ...DB_COMMANDS,
    ...DEMO_COMMANDS,
    ...EFILE_COMMANDS,
    ...EXPORT_COMMANDS,
    ...OPS_COMMANDS,
    ...REPLAY_COMMANDS,
    ...SIMULATE_COMMANDS,
  ],
})
export class CliModule {}
