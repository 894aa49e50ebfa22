import { LIVE_EVENT_TYPES } from '@convis/contracts';
import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Observable } from 'rxjs';
import { Auth, CurrentUser } from '../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { EventsStreamService } from './events-stream.service.js';

/** A client that leaves this much event text unread is dropped (it reconnects and refetches). */
const MAX_UNREAD_CHARACTERS = 256 * 1024;

const STREAM_EXAMPLE = [
  'event: ready',
  'id: 1',
  'retry: 3000',
  'data: {"type":"ready","data":{"heartbeat_ms":2000},"occurred_at":"2025-01-01T12:00:00.000Z"}',
  '',
  'event: message.status',
  'id: 2',
  'data: {"type":"message.status","data":{"message_id":"…","status":"delivered"},"occurred_at":"2025-01-01T12:00:01.000Z"}',
  '',
  ': ping',
  '',
  '',
].join('\n');

const STREAM_DESCRIPTION = `Server-Sent Events (\`text/event-stream\`) with the live events of **your organization only**.

**Reading it.** The route needs \`Authorization: Bearer <access_token>\` like every other one, and the browser's \`EventSource\` cannot send headers: read it with \`fetch()\` and \`response.body\` (a ReadableStream), split the text on blank lines and parse each frame's \`event:\`, \`id:\` and \`data:\` lines (field order is not fixed; lines starting with \`:\` are comments). Abort the fetch to disconnect.

**Frames.**
- \`event: ready\` comes first (with \`retry: 3000\`): you are connected. It comes again if this server's event feed was interrupted: **on every \`ready\`, refetch what you show**.
- \`event: <type>\` for ${LIVE_EVENT_TYPES.map((type) => `\`${type}\``).join(', ')}; \`data:\` is one line of JSON \`{ "type", "data", "occurred_at" }\`, where \`data\` holds ids and changed fields.
- \`: ping\` comment every 20 s, so proxies keep the connection open. No byte for much longer means the connection is dead: reconnect.
- \`id:\` counts up from 1 on each connection.

**Events are hints, not a log.** There is no replay: \`Last-Event-ID\` is ignored and events published while you were disconnected are not sent again. After (re)connecting, refetch; then apply events or refetch on them.

**Reconnect whenever the stream ends.** It ends after one access-token lifetime (15 min by default; the token and the user are checked when a stream opens, so this bounds how long a revoked session keeps listening) and when the server shuts down. Reconnect after \`retry\` milliseconds with your current token (refresh it on 401), backing off while it keeps failing.`;

@ApiTags('events')
@Auth()
@Controller('events')
export class EventsController {
  constructor(private readonly streams: EventsStreamService) {}

  @Sse(undefined, { maxPendingDataLength: MAX_UNREAD_CHARACTERS })
  @ApiOperation({
    summary:
      'Live events of your organization (Server-Sent Events; read with fetch, not EventSource)',
    description: STREAM_DESCRIPTION,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An endless `text/event-stream`; see the description for the frames.',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: STREAM_EXAMPLE } },
  })
  streamEvents(@CurrentUser() caller: AuthenticatedUser): Observable<MessageEvent> {
    return this.streams.open(caller.organizationId);
  }
}
