import { type HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { settle } from './auth-fixtures';

/**
 * The one pending request to `url`, once the page made it (two at once fail the test), with its
 * query params. Harness actions wait for the page to be stable, which it is not while a request
 * is pending: start such an action, answer the request, then await the action.
 */
export async function pendingRequest(
  http: HttpTestingController,
  url: string,
): Promise<{ request: TestRequest; params: Record<string, string> }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = http.match((req) => req.url === url);
    if (found.length > 1) throw new Error(`${found.length} requests to ${url} at once`);
    const request = found[0];
    if (request) {
      const query = request.request.params;
      const params = Object.fromEntries(query.keys().map((key) => [key, query.get(key) ?? '']));
      return { request, params };
    }
    await settle();
  }
  throw new Error(`The page did not request ${url}`);
}
