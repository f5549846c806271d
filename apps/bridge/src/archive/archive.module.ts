import { Module } from '@nestjs/common';
import { HttpKitModule } from '../http';
import { ArchiveController } from './archive.controller';
import { ArchiveMetrics } from './archive.metrics';
import { SipExport } from './sip-export';

/** Transfer to the agency's archive: submission packages and the files of a year, over the admin API. */
@Module({
  imports: [HttpKitModule],
  controllers: [ArchiveController],
  providers: [SipExport, ArchiveMetrics],
})
export class ArchiveModule {}
