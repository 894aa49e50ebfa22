import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * Operation ids are the controller methods' names, which are verb-noun and unique across the
 * API (`sendMessage`, `listAccounts`; see docs/api-conventions.md). The console's client
 * functions are named after them, so renaming a method is an API change.
 */
export function operationId(_controllerKey: string, methodKey: string): string {
  return methodKey;
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Convis WhatsApp API')
    .setDescription(
      'Connect WhatsApp Business accounts (Meta Cloud API), send and receive messages, run campaigns and follow delivery live. ' +
        'Every route except sign-up, sign-in, token refresh, health and Meta webhooks needs `Authorization: Bearer <access_token>`. ' +
        'Errors always have the body `{ status_code, error, message, request_id, details? }`.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return describeRoles(
    SwaggerModule.createDocument(app, config, { operationIdFactory: operationId }),
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Says in each secured route's description who may call it, from its `x-required-roles`
 * (set by `@Auth`/`@Roles`), so Swagger UI and the generated client's docs show it too.
 */
function describeRoles(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const roles = (operation as { 'x-required-roles'?: string[] } | undefined)?.[
        'x-required-roles'
      ];
      if (!operation || !roles) continue;
      const who = roles.length === 1 ? `Role: ${roles[0]} only.` : `Roles: ${roles.join(', ')}.`;
      operation.description = operation.description ? `${operation.description}\n\n${who}` : who;
    }
  }
  return document;
}

/** Deterministic JSON for the committed spec file: the same API always gives the same bytes. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return JSON.stringify(document, null, 2) + '\n';
}

export function setupSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Convis WhatsApp API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true, showExtensions: true },
  });
}
