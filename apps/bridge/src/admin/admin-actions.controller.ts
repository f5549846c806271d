import {
  FilingOutcome,
  ReclassifyRequest,
  ReclassifyResult,
  RedriveReport,
  RedriveRequest,
  ReemitReport,
  ReemitRequest,
} from '@hoso/contracts';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AdminApi, type AdminRequest, Answers, Audited, BodyOf, Fails } from '../http';
import { AdminActions } from './admin-actions';

/** What an operator may do; every call is written to the audit table. */
@AdminApi('admin: act')
@Controller('admin')
export class AdminActionsController {
  constructor(private readonly actions: AdminActions) {}

  @Post('suggestions/:dossierCode/:documentId/confirm')
  @HttpCode(200)
  @Audited('suggestion.confirm')
  @ApiOperation({ summary: 'Confirm a suggestion: the document joins the file (a new revision if emitted)' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such suggestion')
  @Fails(409, 'the suggestion was decided already')
  confirm(
    @Param('dossierCode') code: string,
    @Param('documentId') id: string,
    @Req() req: AdminRequest,
  ): Promise<FilingOutcome> {
    return this.actions.decideSuggestion(code, id, 'confirmed', req.principal!.name);
  }

  @Post('suggestions/:dossierCode/:documentId/reject')
  @HttpCode(200)
  @Audited('suggestion.reject')
  @ApiOperation({ summary: 'Reject a suggestion: it is never suggested again' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such suggestion')
  @Fails(409, 'the suggestion was decided already')
  reject(
    @Param('dossierCode') code: string,
    @Param('documentId') id: string,
    @Req() req: AdminRequest,
  ): Promise<FilingOutcome> {
    return this.actions.decideSuggestion(code, id, 'rejected', req.principal!.name);
  }

  @Post('dossiers/:code/force-complete')
  @HttpCode(200)
  @Audited('dossier.force-complete')
  @ApiOperation({ summary: 'File the dossier now with what is there (completedBy: forced)' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such dossier')
  forceComplete(@Param('code') code: string): Promise<FilingOutcome> {
    return this.actions.forceComplete(code);
  }

  @Post('dossiers/:code/reopen')
  @HttpCode(200)
  @Audited('dossier.reopen')
  @ApiOperation({
    summary: 'Take back an expired grace period: the dossier waits for its named documents again',
  })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such dossier')
  reopen(@Param('code') code: string): Promise<FilingOutcome> {
    return this.actions.reopen(code);
  }

  @Post('efiles/:fileCode/reclassify')
  @HttpCode(200)
  @Audited('efile.reclassify')
  @ApiOperation({
    summary:
      'Move a file not yet transferred to another heading of its plan: a new code, the old one kept as an alias (dry run unless dryRun is false)',
  })
  @BodyOf(ReclassifyRequest)
  @Answers(200, ReclassifyResult, 'what it did, or would do')
  @Fails(404, 'no such e-file')
  @Fails(409, 'the file cannot be reclassified (transferred, or already under that heading)')
  reclassify(
    @Param('fileCode') fileCode: string,
    @Body() body: ReclassifyRequest,
  ): Promise<ReclassifyResult> {
    return this.actions.reclassify(fileCode, { heading: body.heading, dryRun: body.dryRun });
  }

  @Post('dlq/redrive')
  @HttpCode(200)
  @Audited('dlq.redrive')
  @ApiOperation({ summary: 'Re-submit dead letters through intake (dry run unless dryRun is false)' })
  @BodyOf(RedriveRequest)
  @Answers(200, RedriveReport, 'what became of each')
  @Fails(404, 'one of the ids is no dead letter')
  redrive(@Body() body: RedriveRequest, @Req() req: AdminRequest): Promise<RedriveReport> {
    return this.actions.redrive(body.ids, {
      dryRun: body.dryRun,
      by: req.principal!.name,
      correctedValue: body.correctedValue,
    });
  }

  @Post('replay/reemit')
  @HttpCode(200)
  @Audited('replay.reemit')
  @ApiOperation({
    summary: 'Publish stored e-files again with the same ids (dry run unless dryRun is false)',
  })
  @BodyOf(ReemitRequest)
  @Answers(200, ReemitReport, 'what was, or would be, published')
  reemit(@Body() body: ReemitRequest): Promise<ReemitReport> {
    return this.actions.reemit(
      {
        fileCodes: body.fileCodes,
        agency: body.agency,
        from: body.from ? new Date(body.from) : undefined,
        to: body.to ? new Date(body.to) : undefined,
        allRevisions: body.allRevisions,
      },
      body.dryRun,
    );
  }
}
