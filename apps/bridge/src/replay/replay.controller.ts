import { Job, ListQuery, type Page, type Principal, RebuildRequest } from '@hoso/contracts';
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
  Query,
  Res,
} from '@nestjs/common';
import { ApiHeader, ApiOperation } from '@nestjs/swagger';
import {
  AdminApi,
  Answers,
  Audited,
  BodyOf,
  Caller,
  Fails,
  invalidRequest,
  jobView,
  Jobs,
  provinceOnly,
  QueryFrom,
} from '../http';
import { Rebuild } from './rebuild';

/** Rebuilding the state from the source topics, as a job whose progress anyone with a token can follow. */
@AdminApi('admin: replay')
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
      'Read source topics again into a shadow state and show which files would change (apply: true promotes it); answers the job, at the Location it gives',
  })
  @BodyOf(RebuildRequest)
  @Answers(202, Job, 'the job, started; follow it at the Location header')
  @ApiHeader({ name: 'Location', description: 'the job: /admin/jobs/{id}' })
  @Fails(409, 'a rebuild is running already')
  async startRebuild(
    @Body() body: RebuildRequest,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<Job> {
    provinceOnly(caller, "A rebuild, which reads every agency's events,");
    if (body.fromTime && body.toTime && Date.parse(body.fromTime) >= Date.parse(body.toTime))
      throw invalidRequest('fromTime', 'fromTime must come before toTime');
    if (body.fromOffset && body.toOffset && BigInt(body.fromOffset) >= BigInt(body.toOffset))
      throw invalidRequest('fromOffset', 'fromOffset must be below toOffset');
    const running = await this.jobs.running('rebuild');
    if (running) throw new ConflictException(`Rebuild ${running.id} is still running`);
    const request = { ...body };
    // Fixed now, so the answer says what will be read and a busy topic cannot stretch the job.
    const spans = await this.rebuild.plan(request);
    const job = await this.jobs.start('rebuild', request, caller.name, (progress) =>
      this.rebuild.run(request, spans, progress),
    );
    response.setHeader('location', `/admin/jobs/${job.id}`);
    return jobView(job);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Long operations (rebuilds), newest first' })
  @QueryFrom(ListQuery)
  @Answers(200, { page: Job }, 'a page of jobs')
  async list(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Page<Job>> {
    provinceOnly(caller, 'The jobs');
    const page = await this.records.jobs(q);
    return { items: page.items.map(jobView), next: page.next };
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job: its phase, progress, and its report once finished' })
  @Answers(200, Job, 'the job')
  @Fails(404, 'no such job')
  async job(@Param('id') id: string, @Caller() caller: Principal): Promise<Job> {
    provinceOnly(caller, 'The jobs');
    const job = await this.records.job(id);
    if (!job) throw new NotFoundException(`No job ${id}`);
    return jobView(job);
  }
}
