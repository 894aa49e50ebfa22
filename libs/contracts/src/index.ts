// The rules the API, the console and the Graph API simulator share. Framework-free: plain
// functions and constants; the class-validator decorators and the Angular validators wrap them.
export * from './campaigns.ts';
export * from './contacts.ts';
export * from './csv.ts';
export * from './events.ts';
export * from './fields.ts';
export * from './limits.ts';
export * from './media.ts';
export * from './phone.ts';
export * from './service-window.ts';
export * from './status.ts';
export * from './template-render.ts';
export * from './template-rules.ts';
export * from './templates.ts';
export * from './text.ts';
