import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, type EnvironmentProviders, type Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { type Routes, provideRouter, withComponentInputBinding } from '@angular/router';
import { APP_PATHS } from '../app/app.paths';
import { authInterceptor } from '../app/core/auth/auth.interceptor';

/** A page that is only there to be navigated to. */
@Component({ template: '<h1>Stub page</h1>' })
export class StubPageComponent {}

/** Every console path routed to a stub page. */
export const STUB_ROUTES: Routes = Object.values(APP_PATHS).map((path) => ({
  path,
  component: StubPageComponent,
}));

/**
 * What most specs need: the real HTTP stack with the auth interceptor over
 * `HttpTestingController`, a router, and Material animations off.
 */
export function provideTestApp(routes: Routes = STUB_ROUTES): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
  ];
}
