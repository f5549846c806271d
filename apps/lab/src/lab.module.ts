import { HosoConfigModule } from '@hoso/config';
import { Module } from '@nestjs/common';
import { BenchCommand } from './bench/bench.command';
import { DEMO_COMMANDS } from './demo/demo.command';
import { SIMULATE_COMMANDS } from './simulate/simulate.command';

@Module({
  imports: [HosoConfigModule],
  providers: [BenchCommand, ...DEMO_COMMANDS, ...SIMULATE_COMMANDS],
})
export class LabModule {}
