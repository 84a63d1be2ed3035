import { describe, expect, it } from "vitest";
import { backoffDelay, createRetryingFetch, isSafeToRepeat, retryAfterMs } from "../../src/sheets/retry-fetch.ts";

const base = "https://sheets.googleapis.com/v4/spreadsheets/abc";

function scripted(statuses: number[], headers: Record<string, string> = {}) {
  const seen: Array<{ method: string; url: string; body: string }> = [];
  const fetch = async (request: Request) => {
    seen.push({ method: request.method, url: request.url, body: await request.text() });
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    return new Response(JSON.stringify({ status }), { status, headers });
  };
  return { fetch, seen };
}

const options = (sleeps: number[]) => ({
  retries: 4,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  sleep: async (ms: number) => void sleeps.push(ms),
  random: () => 0.5,
});

describe("retrying fetch", () => {
  it("retries a safe POST (values:batchUpdate) through 429 and 503 and resends the same body", async () => {
    const sleeps: number[] = [];
    const { fetch, seen } = scripted([429, 503, 200]);
    const retrying = createRetryingFetch(fetch, options(sleeps));
    const response = await retrying(`${base}/values:batchUpdate`, { method: "POST", body: '{"data":[1]}' });
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual(['{"data":[1]}', '{"data":[1]}', '{"data":[1]}']);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
  });

  it("honours Retry-After over its own backoff", async () => {
    const sleeps: number[] = [];
    const { fetch } = scripted([429, 200], { "retry-after": "3" });
    await createRetryingFetch(fetch, options(sleeps))(`${base}/values:batchGet?ranges=A`);
    expect(sleeps).toEqual([3000]);
  });

  it("never repeats a call that could duplicate data (values:append, addSheet)", async () => {
    const sleeps: number[] = [];
    const { fetch, seen } = scripted([503, 200]);
    const retrying = createRetryingFetch(fetch, options(sleeps));
    const append = await retrying(`${base}/values/A1:append`, { method: "POST", body: "{}" });
    expect(append.status).toBe(503);
    const add = await retrying(`${base}/:batchUpdate`, { method: "POST", body: '{"requests":[{"addSheet":{}}]}' });
    expect(add.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it("gives up after the configured retries and returns the last answer", async () => {
    const { fetch, seen } = scripted([503]);
    const response = await createRetryingFetch(fetch, options([]))(`${base}/`);
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(5);
  });

  it("classifies batchUpdate by its requests", () => {
    const url = `${base}/:batchUpdate`;
    expect(isSafeToRepeat("POST", url, '{"requests":[{"updateCells":{}},{"updateSheetProperties":{}}]}')).toBe(true);
    expect(isSafeToRepeat("POST", url, '{"requests":[{"updateCells":{}},{"deleteDimension":{}}]}')).toBe(false);
    expect(isSafeToRepeat("POST", `${base}/values:batchClear`, "{}")).toBe(true);
    expect(isSafeToRepeat("GET", `${base}/values:batchGet`, undefined)).toBe(true);
  });

  it("reads Retry-After as seconds or a date, and caps exponential backoff", () => {
    expect(retryAfterMs("2", 0)).toBe(2000);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:05 GMT", 1000)).toBe(4000);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    const opts = { retries: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
    expect(backoffDelay(0, opts, () => 0)).toBe(50);
  });
});
