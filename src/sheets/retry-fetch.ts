/**
 * A fetch that retries the Sheets calls that are safe to repeat.
 *
 * Google answers 429 when the Worker passes its quota (60 writes a minute for the service
 * account) and 5xx when it has a bad moment; neither may lose an organizer's data. Retrying sits
 * under google-spreadsheet's ky client (whose own retries are off), so every call takes one path.
 * ky retries only GET/PUT/DELETE by default; most of our writes are POSTs that are nonetheless
 * idempotent (values:batchUpdate writes fixed cells), so safety is decided by what the call does.
 */
import { SheetsError } from "./sheets-error.ts";

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected so tests need not wait; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for deterministic jitter in tests; defaults to Math.random. */
  random?: () => number;
  /** Told about every retry, e.g. to count them. */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; url: string }) => void;
}

export const defaultRetryOptions: RetryOptions = { retries: 6, baseDelayMs: 500, maxDelayMs: 32_000 };

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** batchUpdate requests that leave the sheet the same when applied twice. */
const IDEMPOTENT_REQUESTS = new Set([
  "updateCells",
  "repeatCell",
  "setDataValidation",
  "updateSheetProperties",
  "updateSpreadsheetProperties",
  "updateDimensionProperties",
  "updateProtectedRange",
  "sortRange",
]);

/** Whether a batchUpdate made of these requests leaves the sheet the same when applied twice. */
export function batchIsRepeatable(requests: ReadonlyArray<object>): boolean {
  return requests.every((r) => Object.keys(r).every((k) => IDEMPOTENT_REQUESTS.has(k)));
}

/**
 * Whether repeating this call cannot duplicate or corrupt anything: reads, writes of fixed
 * ranges, clears, and batchUpdates made only of idempotent requests. `values:append`, `addSheet`
 * and row insertion/deletion are not repeated.
 */
export function isSafeToRepeat(method: string, url: string, body: string | undefined): boolean {
  const path = new URL(url).pathname;
  if (method === "GET" || method === "HEAD") return true;
  if (method === "PUT" && /\/values\//.test(path)) return true;
  if (method !== "POST") return false;
  if (/values:(batchGet|batchUpdate|batchClear|batchGetByDataFilter)$/.test(path)) return true;
  if (/:getByDataFilter$/.test(path)) return true;
  if (/\/values\/[^/]+:clear$/.test(path)) return true;
  if (/:batchUpdate$/.test(path) && !/values:batchUpdate$/.test(path)) {
    try {
      const parsed = JSON.parse(body ?? "{}") as { requests?: Array<Record<string, unknown>> };
      return batchIsRepeatable(parsed.requests ?? []);
    } catch {
      return false;
    }
  }
  return false;
}

/** Seconds or an HTTP date, as Google and RFC 9110 allow; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Full jitter (AWS architecture blog): a random delay up to the exponential cap. */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRetryingFetch(
  baseFetch: (request: Request) => Promise<Response>,
  options: RetryOptions = defaultRetryOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  return async (input, init) => {
    const original = new Request(input, init);
    // Read the body once so every attempt can send it again.
    const body = original.body ? await original.text() : undefined;
    const safe = isSafeToRepeat(original.method, original.url, body);
    for (let attempt = 0; ; attempt++) {
      const request = new Request(original.url, {
        method: original.method,
        headers: original.headers,
        body,
        signal: original.signal,
      });
      let response: Response | undefined;
      try {
        response = await baseFetch(request);
      } catch (error) {
        // A refusal of our own (the quota governor said "not now") is not a network failure.
        if (error instanceof SheetsError) throw error;
        if (!safe || attempt >= options.retries || original.signal?.aborted) throw error;
      }
      if (response && (!RETRY_STATUSES.has(response.status) || !safe || attempt >= options.retries)) {
        return response;
      }
      const hinted = response ? retryAfterMs(response.headers.get("retry-after"), Date.now()) : undefined;
      const delayMs = Math.min(options.maxDelayMs, hinted ?? backoffDelay(attempt, options, random));
      options.onRetry?.({ attempt: attempt + 1, delayMs, status: response?.status, url: original.url });
      // Drain the failed body so the connection can be reused.
      await response?.body?.cancel();
      await sleep(delayMs);
    }
  };
}
