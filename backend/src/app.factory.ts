import 'reflect-metadata';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { type IncomingMessage } from 'node:http';
import { type DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { jsonBodyParser } from './common/http/json-body.js';
import { answerClientError, answerRouterError } from './common/http/transport-errors.js';
import { refuseUnsafeText } from './common/http/unsafe-text.hook.js';
import { addHstsOverHttps } from './common/http/hsts.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { type AppConfig } from './config/app-config.js';
import { registerConsole } from './console/console.js';
import { generateRequestId } from './logging/request-id.js';
import { createOpenApiDocument, setupSwaggerUi } from './openapi/openapi.js';

export interface CreateAppOptions {
  /** Where JSON log lines go (tests capture them); stdout by default. */
  readonly logStream?: DestinationStream;
  /** Build the module graph without connecting anywhere: used to write the OpenAPI spec. */
  readonly preview?: boolean;
}

/** Meta sends webhook payloads up to 3 MB. */
const BODY_LIMIT = 3 * 1024 * 1024;

/**
 * Builds the whole HTTP application: API under /api, Swagger at /docs, the console at /.
 * `config.databaseUrl` must be set (see main.ts, which starts the embedded database if needed).
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: (req: IncomingMessage) => {
      const id = generateRequestId(req);
      (req as { id?: string }).id = id;
      return id;
    },
    frameworkErrors: answerRouterError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options),
    adapter,
    {
      bufferLogs: true,
      // Webhook signatures are checked over the exact bytes Meta sent (request.rawBody).
      rawBody: true,
      preview: options.preview ?? false,
      abortOnError: false,
    },
  );
  if (options.preview) return app;

  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, jsonBodyParser(fastify));
  refuseUnsafeText(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(helmet, {
    // Only over HTTPS (addHstsOverHttps below), which helmet cannot tell.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Angular Material and Swagger UI set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // https: photos the business sent by link show in the Inbox from that address (a
        // customer's media comes through the API as blob: URLs); scripts and fetches stay 'self'.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        // Voice notes and videos play from object URLs of media fetched with the user's token.
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });

  addHstsOverHttps(fastify);

  // Media uploads (POST /api/whatsapp/messages/media); limits are set per request.
  await app.register(multipart);

  setupSwaggerUi(app, createOpenApiDocument(app));
  await registerConsole(fastify, config.consoleDir);
  await app.init();
  await fastify.ready();
  return app;
}

export type App = INestApplication;
