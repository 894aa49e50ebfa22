import { ApiProperty } from '@nestjs/swagger';

/** Outbound messages by their current status; every message counts once. */
export class StatsByStatusDto {
  @ApiProperty({ description: 'Not yet accepted by Meta.', example: 2 })
  queued!: number;

  @ApiProperty({ description: 'Accepted by Meta, not yet delivered.', example: 10 })
  sent!: number;

  @ApiProperty({ description: 'Delivered to the phone, not read.', example: 40 })
  delivered!: number;

  @ApiProperty({ description: 'Read (voice messages: played).', example: 45 })
  read!: number;

  @ApiProperty({ description: 'Failed (before or after Meta accepted them).', example: 3 })
  failed!: number;
}

export class StatsFailureDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Meta’s error code; null when Meta was not reached or gave none.',
    example: 131026,
  })
  code!: number | null;

  @ApiProperty({
    description: 'The title most of these failures carried.',
    example: 'Message undeliverable',
  })
  title!: string;

  @ApiProperty({ description: 'Failed messages with this code.', example: 2 })
  count!: number;
}

/** One UTC day: messages created that day, by their current status. */
export class StatsDayDto {
  @ApiProperty({ format: 'date', description: 'The UTC date.', example: '2026-11-24' })
  date!: string;

  @ApiProperty({
    description:
      'Outbound messages accepted by Meta and not failed (current status sent, delivered, read or played).',
    example: 30,
  })
  sent!: number;

  @ApiProperty({
    description: 'Outbound messages delivered or better (delivered, read or played).',
    example: 28,
  })
  delivered!: number;

  @ApiProperty({ description: 'Outbound messages read (or played).', example: 15 })
  read!: number;

  @ApiProperty({ description: 'Outbound messages that failed.', example: 1 })
  failed!: number;

  @ApiProperty({ description: 'Inbound messages.', example: 12 })
  inbound!: number;
}

export class StatsResponseDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Start of the range used (inclusive).',
    example: '2026-10-26T00:00:00.000Z',
  })
  since!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the range used (exclusive).',
    example: '2026-11-25T00:00:00.000Z',
  })
  until!: string;

  @ApiProperty({
    description: 'Outbound messages created in the range (any status).',
    example: 100,
  })
  total!: number;

  @ApiProperty({ type: StatsByStatusDto })
  by_status!: StatsByStatusDto;

  @ApiProperty({
    description:
      '(delivered + read) / (total − queued): the share of messages that left the queue and reached the phone. 0 when nothing left the queue; 4 decimals.',
    example: 0.8763,
  })
  delivery_rate!: number;

  @ApiProperty({
    description: 'read / (total − queued); 0 when nothing left the queue; 4 decimals.',
    example: 0.4639,
  })
  read_rate!: number;

  @ApiProperty({ description: 'Inbound messages received in the range.', example: 37 })
  inbound!: number;

  @ApiProperty({
    type: [StatsFailureDto],
    description:
      'The 5 most frequent error codes of failed outbound messages in the range (most frequent first, then by code).',
  })
  top_failures!: StatsFailureDto[];

  @ApiProperty({
    type: [StatsDayDto],
    description:
      'Every UTC date the range touches, oldest first, days without messages included (counted within the range only).',
  })
  per_day!: StatsDayDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'Outbound messages in the range by the pricing category Meta reported (marketing, utility, authentication, service, …); messages without pricing are not counted.',
    example: { marketing: 40, utility: 35 },
  })
  pricing!: Record<string, number>;
}
