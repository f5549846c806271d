import { Body, Controller, HttpCode, Param, Post, Req, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi, type AdminRequest } from './admin-auth';
import { AdminActions } from './admin-actions';
import { ReclassifyRequest, ReemitRequest, RedriveRequest } from './admin.dto';
import { adminValidation } from './admin-read.controller';
import { Audited } from './audit';

/** What an operator may do; every call is written to the audit table. */
@ApiTags('admin: act')
@AdminApi()
@UsePipes(adminValidation)
@Controller('admin')
export class AdminActionsController {
  constructor(private readonly actions: AdminActions) {}

  @Post('suggestions/:dossierCode/:documentId/confirm')
  @HttpCode(200)
  @Audited('suggestion.confirm')
  @ApiOperation({ summary: 'Confirm a suggestion: the document joins the file (a new revision if emitted)' })
  confirm(@Param('dossierCode') code: string, @Param('documentId') id: string, @Req() req: AdminRequest) {
    return this.actions.decideSuggestion(code, id, 'confirmed', req.principal!.name);
  }

  @Post('suggestions/:dossierCode/:documentId/reject')
  @HttpCode(200)
  @Audited('suggestion.reject')
  @ApiOperation({ summary: 'Reject a suggestion: it is never suggested again' })
  reject(@Param('dossierCode') code: string, @Param('documentId') id: string, @Req() req: AdminRequest) {
    return this.actions.decideSuggestion(code, id, 'rejected', req.principal!.name);
  }

  @Post('dossiers/:code/force-complete')
  @HttpCode(200)
  @Audited('dossier.force-complete')
  @ApiOperation({ summary: 'File the dossier now with what is there (completedBy: forced)' })
  forceComplete(@Param('code') code: string) {
    return this.actions.forceComplete(code);
  }

  @Post('dossiers/:code/reopen')
  @HttpCode(200)
  @Audited('dossier.reopen')
  @ApiOperation({
    summary: 'Take back an expired grace period: the dossier waits for its named documents again',
  })
  reopen(@Param('code') code: string) {
    return this.actions.reopen(code);
  }

  @Post('efiles/:fileCode/reclassify')
  @HttpCode(200)
  @Audited('efile.reclassify')
  @ApiOperation({
    summary:
      'Move a file not yet transferred to another heading of its plan: a new code, the old one kept as an alias (dry run unless dryRun is false)',
  })
  reclassify(@Param('fileCode') fileCode: string, @Body() body: ReclassifyRequest) {
    return this.actions.reclassify(fileCode, { heading: body.heading, dryRun: body.dryRun });
  }

  @Post('dlq/redrive')
  @HttpCode(200)
  @Audited('dlq.redrive')
  @ApiOperation({ summary: 'Re-submit dead letters through intake (dry run unless dryRun is false)' })
  redrive(@Body() body: RedriveRequest, @Req() req: AdminRequest) {
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
  reemit(@Body() body: ReemitRequest) {
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
