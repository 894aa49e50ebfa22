import { ApiProperty } from '@nestjs/swagger';

export const MEDIA_STATUSES = ['pending', 'stored', 'failed', 'expired'] as const;
export type MediaFileStatus = (typeof MEDIA_STATUSES)[number];

/** The media file of an inbound message: what it is and whether it can be downloaded yet. */
export class MediaFileDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The file’s id: download it with GET /api/whatsapp/media/{id}.',
    example: '6f1c0d52-8d8e-4a59-9d3e-5a1f1f0b9a11',
  })
  id!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The message it came with.',
    example: '8a3c2f1e-4b5d-4e6f-9a7b-0c1d2e3f4a5b',
  })
  message_id!: string;

  @ApiProperty({
    enum: MEDIA_STATUSES,
    enumName: 'MediaFileStatus',
    description:
      '`pending`: still being downloaded from WhatsApp (the download answers 409); `stored`: ready; ' +
      '`failed`: the download gave up (the download answers 410); `expired`: removed after ' +
      'MEDIA_RETENTION_DAYS (the download answers 410).',
    example: 'stored',
  })
  status!: MediaFileStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The file’s type, as WhatsApp reported it.',
    example: 'image/jpeg',
  })
  mime_type!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Size in bytes, once stored.',
    example: 48213,
  })
  size_bytes!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The file name a document was sent with; null for other media.',
    example: null,
  })
  filename!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the download gave up; null unless failed.',
    example: null,
  })
  error!: string | null;
}
