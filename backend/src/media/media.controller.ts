import { Controller, Get, Header, Param, Query, type StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../common/validation/uuid-param.js';
import { ListMediaQueryDto } from './dto/list-media-query.dto.js';
import { MediaFileDto } from './dto/media-file-response.dto.js';
import { MediaService } from './media.service.js';

@ApiTags('media')
@Auth()
@Controller('whatsapp/media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get()
  @ApiOperation({
    summary: 'The media files of messages',
    description:
      'For showing a conversation: which of the given messages came with a photo, video, voice note, ' +
      'sticker or document, its file id for the download, and whether the download from WhatsApp is done. ' +
      'Inbound media is downloaded from WhatsApp; a message we sent with a file uploaded through ' +
      'POST /api/whatsapp/messages/media shows that upload. Messages without a kept file are left out.',
  })
  @ApiOkResponse({ type: [MediaFileDto], description: 'In the order of the ids asked for.' })
  @ApiErrors([400, 'message_id is missing, lists more than 100 ids, or one is not a UUID.'])
  listMedia(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListMediaQueryDto,
  ): Promise<MediaFileDto[]> {
    return this.media.listByMessages(caller, query.message_id);
  }

  @Get(':id')
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiOperation({
    summary: 'Download the media of a message',
    description:
      'Streams the photo, video, voice note, sticker or document a customer sent (or that we uploaded to send), with its content type. ' +
      'Documents come as attachments with their (sanitized) file name. Files are downloaded from WhatsApp in ' +
      'the background after the message arrives: until then the answer is 409, and 410 when the download gave up.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The media file id.' })
  @ApiOkResponse({
    description: 'The file, with its own content type (image/jpeg, audio/ogg, application/pdf, …).',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(
    [404, 'No such media file in your organization.'],
    [409, 'Still being downloaded from WhatsApp; try again in a few seconds.'],
    [410, 'The download from WhatsApp gave up; the message itself is kept.'],
  )
  downloadMedia(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<StreamableFile> {
    return this.media.download(caller, id);
  }
}
