import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

/** Most message ids one lookup takes: two pages of a conversation thread. */
export const MEDIA_LOOKUP_MAX = 100;

const MESSAGE_IDS = `message_id must list 1 to ${MEDIA_LOOKUP_MAX} message ids (UUIDs), comma-separated`;

/** The query of GET /api/whatsapp/media: the messages whose media files are wanted. */
export class ListMediaQueryDto {
  @ApiProperty({
    description:
      `Message ids (UUIDs), comma-separated (or the parameter repeated), 1 to ${MEDIA_LOOKUP_MAX}. ` +
      'Messages without media, and ids of other organizations, are left out of the answer.',
    type: String,
    example: '8a3c2f1e-4b5d-4e6f-9a7b-0c1d2e3f4a5b,2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  })
  @Transform(({ value }: { value: unknown }) => {
    // ?message_id=a,b and ?message_id=a&message_id=b both give [a, b].
    const parts: unknown[] = Array.isArray(value) ? value : [value];
    if (!parts.every((part): part is string => typeof part === 'string')) return value;
    return [
      ...new Set(
        parts
          .join(',')
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ];
  })
  @IsArray({ message: MESSAGE_IDS })
  @ArrayMinSize(1, { message: MESSAGE_IDS })
  @ArrayMaxSize(MEDIA_LOOKUP_MAX, { message: MESSAGE_IDS })
  @IsUUID('all', { each: true, message: MESSAGE_IDS })
  message_id!: string[];
}
