import { OperationsRecords } from '@hoso/persistence';
import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  UsePipes,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi, type AdminRequest } from '../admin/admin-auth';
import { RebuildRequestBody } from '../admin/admin.dto';
import { adminValidation } from '../admin/admin-read.controller';
import { Audited } from '../admin/audit';
import { jobView, Jobs } from '../admin/jobs';
import { Rebuild } from './rebuild';

/** Rebuilding the state from the source topics, as a job whose progress anyone with a token can follow. */
@ApiTags('admin: replay')
@AdminApi()
@UsePipes(adminValidation)
@Controller('admin')
export class ReplayController {
  constructor(
    private readonly rebuild: Rebuild,
    private readonly jobs: Jobs,
    private readonly records: OperationsRecords,
  ) {}

  @Post('replay/rebuild')
  @HttpCode(202)
  @Audited('replay.rebuild')
  @ApiOperation({
    summary:
      'Read source topics again into a shadow state and show which files would change (apply: true promotes it); returns the job',
  })
  async startRebuild(@Body() body: RebuildRequestBody, @Req() req: AdminRequest) {
    const running = await this.jobs.running('rebuild');
    if (running) throw new ConflictException(`Rebuild ${running.id} is still running`);
    const request = { ...body };
    // Fixed now, so the answer says what will be read and a busy topic cannot stretch the job.
    const spans = await this.rebuild.plan(request);
    const job = await this.jobs.start('rebuild', request, req.principal!.name, (progress) =>
      this.rebuild.run(request, spans, progress),
    );
    return jobView(job);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'The latest long operations (rebuilds), newest first' })
  async list() {
    return (await this.records.jobs(50)).map(jobView);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job: its phase, progress, and its report once finished' })
  async job(@Param('id') id: string) {
    const job = await this.records.job(id);
    if (!job) throw new NotFoundException(`No job ${id}`);
    return jobView(job);
  }
}
