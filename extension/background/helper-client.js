// The only code that talks to the Saring helper. It runs in the background
// worker: content scripts would fetch as the page's origin and be stopped by
// CORS and the browser's local-network rules.

const REQUEST_TIMEOUT_MS = 5000;

/** Nothing answered at the helper's address: it is not running. */
export class HelperUnreachable extends Error {
  name = 'HelperUnreachable';
}

/** The helper answered with an error status. */
export class HelperRefused extends Error {
  name = 'HelperRefused';

  constructor(status, code) {
    super(`helper answered ${status} (${code ?? 'no error code'})`);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the helper at `baseUrl`. A `body` makes it a POST of JSON. `signal`
 * aborts the request when its asker no longer wants the answer; the AbortError
 * is then passed on unchanged.
 */
export async function askHelper(baseUrl, path, { body, signal } = {}) {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(baseUrl + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new HelperUnreachable(error.message);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw new HelperRefused(response.status, payload?.error?.code);
  return payload;
}
