import {
  FilingOutcome,
  type Principal,
  ReclassifyRequest,
  ReclassifyResult,
  RedriveReport,
  RedriveRequest,
  ReemitReport,
  ReemitRequest,
} from '@hoso/contracts';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AdminApi, Answers, Audited, BodyOf, Caller, Fails } from '../http';
import { AdminActions } from './admin-actions';

/** What an operator may do, on what its agencies hold; every call is written to the audit trail. */
@AdminApi('admin: act')
@Controller('admin')
export class AdminActionsController {
  constructor(private readonly actions: AdminActions) {}

  @Post('suggestions/:dossierCode/:documentId/confirm')
  @HttpCode(200)
  @Audited('suggestion.confirm')
  @ApiOperation({ summary: 'Confirm a suggestion: the document joins the file (a new revision if emitted)' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such suggestion, or not of an agency the caller sees')
  @Fails(409, 'the suggestion was decided already')
  confirm(
    @Param('dossierCode') code: string,
    @Param('documentId') id: string,
    @Caller() caller: Principal,
  ): Promise<FilingOutcome> {
    return this.actions.decideSuggestion(code, id, 'confirmed', caller);
  }

  @Post('suggestions/:dossierCode/:documentId/reject')
  @HttpCode(200)
  @Audited('suggestion.reject')
  @ApiOperation({ summary: 'Reject a suggestion: it is never suggested again' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such suggestion, or not of an agency the caller sees')
  @Fails(409, 'the suggestion was decided already')
  reject(
    @Param('dossierCode') code: string,
    @Param('documentId') id: string,
    @Caller() caller: Principal,
  ): Promise<FilingOutcome> {
    return this.actions.decideSuggestion(code, id, 'rejected', caller);
  }

  @Post('dossiers/:code/force-complete')
  @HttpCode(200)
  @Audited('dossier.force-complete')
  @ApiOperation({ summary: 'File the dossier now with what is there (completedBy: forced)' })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such dossier, or not of an agency the caller sees')
  forceComplete(@Param('code') code: string, @Caller() caller: Principal): Promise<FilingOutcome> {
    return this.actions.forceComplete(code, caller);
  }

  @Post('dossiers/:code/reopen')
  @HttpCode(200)
  @Audited('dossier.reopen')
  @ApiOperation({
    summary: 'Take back an expired grace period: the dossier waits for its named documents again',
  })
  @Answers(200, FilingOutcome, 'what filing did')
  @Fails(404, 'no such dossier, or not of an agency the caller sees')
  reopen(@Param('code') code: string, @Caller() caller: Principal): Promise<FilingOutcome> {
    return this.actions.reopen(code, caller);
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
  @Fails(404, 'no such e-file, or not of an agency the caller sees')
  @Fails(409, 'the file cannot be reclassified (transferred, or already under that heading)')
  reclassify(
    @Param('fileCode') fileCode: string,
    @Body() body: ReclassifyRequest,
    @Caller() caller: Principal,
  ): Promise<ReclassifyResult> {
    return this.actions.reclassify(fileCode, { heading: body.heading, dryRun: body.dryRun }, caller);
  }

  @Post('dlq/redrive')
  @HttpCode(200)
  @Audited('dlq.redrive')
  @ApiOperation({ summary: 'Re-submit dead letters through intake (dry run unless dryRun is false)' })
  @BodyOf(RedriveRequest)
  @Answers(200, RedriveReport, 'what became of each')
  @Fails(404, 'one of the ids is no dead letter the caller sees')
  redrive(@Body() body: RedriveRequest, @Caller() caller: Principal): Promise<RedriveReport> {
    return this.actions.redrive(body.ids, {
      dryRun: body.dryRun,
      caller,
      correctedValue: body.correctedValue,
    });
  }

  @Post('replay/reemit')
  @HttpCode(200)
  @Audited('replay.reemit')
  @ApiOperation({
    summary:
      "Publish stored e-files again with the same ids, of the caller's agencies only (dry run unless dryRun is false)",
  })
  @BodyOf(ReemitRequest)
  @Answers(200, ReemitReport, 'what was, or would be, published')
  @Fails(404, 'the agency named is not one the caller sees')
  reemit(@Body() body: ReemitRequest, @Caller() caller: Principal): Promise<ReemitReport> {
    return this.actions.reemit(
      {
        fileCodes: body.fileCodes,
        agency: body.agency,
        from: body.from ? new Date(body.from) : undefined,
        to: body.to ? new Date(body.to) : undefined,
        allRevisions: body.allRevisions,
      },
      body.dryRun,
      caller,
    );
  }
}
