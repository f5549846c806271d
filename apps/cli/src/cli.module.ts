import { HosoConfigModule } from '@hoso/config';
import { Module } from '@nestjs/common';
import { AUDIT_COMMANDS } from './audit/audit.command';
import { CONTRACT_COMMANDS } from './contract/contract.command';
import { DB_COMMANDS } from './db/db.command';
import { EXPORT_COMMANDS } from './export/export.commands';
import { EFILE_COMMANDS } from './ops/efiles.commands';
import { OPS_COMMANDS } from './ops/ops.commands';
import { REPLAY_COMMANDS } from './ops/replay.commands';

@Module({
  imports: [HosoConfigModule],
  providers: [
    ...AUDIT_COMMANDS,
    ...CONTRACT_COMMANDS,
    ...DB_COMMANDS,
    ...EFILE_COMMANDS,
    ...EXPORT_COMMANDS,
    ...OPS_COMMANDS,
    ...REPLAY_COMMANDS,
  ],
})
export class CliModule {}
