import { EdxmlReceipt, type Principal, seesAgency } from '@hoso/contracts';
import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import {
  AdminApi,
  Answers,
  AnswersFile,
  Caller,
  Fails,
  OperatorOnly,
  ProblemException,
  visibleTo,
} from '../http';
import { EdxmlFeed } from './edxml-feed';

/** The media types an edXML message comes as: the MIME message, or the envelope alone. */
const EDXML_MEDIA_TYPES = ['multipart/related', 'application/xml', 'text/xml'];

/**
 * A document system without Kafka sends its edXML messages here. Each is checked at once, so the sender
 * hears what is wrong, and written to the edXML topic as it came: the feed then makes its events, or its
 * dead letter, exactly as for a message sent to the topic (docs/edxml.md).
 */
@AdminApi('ingest')
@Controller('ingest')
export class EdxmlController {
  constructor(private readonly feed: EdxmlFeed) {}

  @Post('edxml')
  @HttpCode(202)
  @OperatorOnly()
  @ApiOperation({
    summary: 'Take an edXML message (QCVN 102:2016/BTTTT): its document events follow on the document topic',
  })
  @ApiConsumes(...EDXML_MEDIA_TYPES)
  @ApiBody({ required: true, schema: { type: 'string', format: 'binary' } })
  @Answers(202, EdxmlReceipt, 'written to the edXML topic; what it comes to')
  @Fails(403, "the message is from an agency the caller's token does not cover")
  @Fails(413, 'the message is over EDXML_MAX_BYTES; it is not written')
  @Fails(415, 'the body is not an edXML message (Content-Type)')
  @Fails(422, 'the message is refused (`reason`); it is written and dead-lettered with its bytes')
  async ingest(
    @Req() request: AsyncIterable<Buffer>,
    @Headers('content-type') contentType: string | undefined,
    @Caller() caller: Principal,
  ): Promise<EdxmlReceipt> {
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!EDXML_MEDIA_TYPES.includes(mediaType))
      throw new ProblemException(
        'unsupported-media-type',
        `an edXML message is sent as ${EDXML_MEDIA_TYPES.join(', ')}, not ${mediaType || 'nothing'}`,
      );
    const bytes = await this.body(request);
    const adapted = await this.feed.check(bytes, contentType);
    if (adapted.agencyCode && !seesAgency(caller, adapted.agencyCode))
      throw new ForbiddenException(
        `The message is from ${adapted.agencyCode}; ${caller.name} sees ${caller.agencies.join(', ')}`,
      );
    const written = await this.feed.write(bytes, contentType, adapted.ok ? adapted.documentId : null);
    if (!adapted.ok)
      throw new ProblemException(
        'edxml-refused',
        `${adapted.message}. It was written to ${written.topic} (partition ${written.partition}, offset ${written.offset}) and is dead-lettered with its bytes`,
        { reason: adapted.reason },
      );
    return {
      kind: adapted.kind,
      documentId: adapted.documentId,
      agencyCode: adapted.agencyCode,
      events:
        adapted.kind === 'document'
          ? adapted.events.map((e) => ({ id: e.id, type: e.type, subject: e.subject! }))
          : [],
      ...(adapted.kind === 'status' ? { statusCode: adapted.statusCode, label: adapted.label } : {}),
      ...written,
    };
  }

  @Get('edxml/files/:sha256')
  @ApiOperation({
    summary: 'A file an edXML message carried, by its SHA-256: the URI its document event names',
  })
  @AnswersFile(['application/octet-stream'], 'the bytes as they came, with their media type')
  @Fails(404, 'no such file, or not of an agency the caller sees')
  async file(@Param('sha256') sha256: string, @Caller() caller: Principal): Promise<StreamableFile> {
    const missing = `No edXML file ${sha256.slice(0, 64)}`;
    const file = /^[0-9a-f]{64}$/.test(sha256) ? await this.feed.file(sha256) : null;
    const found = visibleTo(caller, file?.agencyCode, file, missing);
    return new StreamableFile(found.content, { type: found.mediaType, length: found.content.length });
  }

  /** The body, up to the limit: a larger one is refused before it is all read. */
  private async body(request: AsyncIterable<Buffer>): Promise<Buffer> {
    const limit = this.feed.maxBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += chunk.length;
      if (size > limit)
        throw new ProblemException('payload-too-large', `an edXML message may have at most ${limit} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}
