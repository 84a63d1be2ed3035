/**
 * The organizer API under hostile bodies: sync, generate, publish, signups/import and
 * signups/links with arbitrary bytes, JSON of the wrong types, deep nesting, bodies over 1 MB and
 * any content type, from a caller holding the right token (the worst case: past the token check).
 *
 * What must hold: never a 5xx; every refusal is the documented JSON `{ error: { code, message,
 * zh, en } }`; a success is JSON. Routes that take no body (sync, generate, publish) must ignore
 * whatever is sent.
 */
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "./support/emulator.ts";
import { expectApiError, formulaText, fuzz, hostileText, percentEncode } from "./support/hostile.ts";
import { auth, ORIGIN, SHEET, tomorrow } from "./support/links.ts";

beforeAll(async () => {
  await seedDemo(SHEET);
  const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
    method: "POST",
    headers: auth,
  });
  expect(generated.status).toBe(200);
});

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/jsonx",
  "text/plain",
  "text/plain; charset=gbk",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "multipart/form-data",
  "application/octet-stream",
  "garbage/;;;=",
);

const MB = 1024 * 1024;

/** Deeply nested JSON: arrays, objects, and unclosed variants. */
const deep = fc
  .tuple(fc.integer({ min: 500, max: 100_000 }), fc.constantFrom("array", "object", "unclosed", "text"))
  .map(([n, kind]) => {
    if (kind === "array") return "[".repeat(n) + "]".repeat(n);
    if (kind === "object") return '{"text":'.repeat(n) + '"x"' + "}".repeat(n);
    if (kind === "text") return JSON.stringify({ text: "[".repeat(n) });
    return "[".repeat(n);
  });

/** Shapes the documented bodies take ({ text, date }, { volunteerIds }), with wrong types inside. */
const wrongTypes = fc
  .record(
    {
      text: fc.oneof(fc.anything(), hostileText, formulaText),
      date: fc.oneof(fc.anything(), fc.constantFrom("2022-02-30", "9999-99-99", "", tomorrow(), "明天")),
      volunteerIds: fc.oneof(
        fc.anything(),
        fc.array(fc.oneof(hostileText, fc.constantFrom("V001", "V002", "v003", "V999"))),
        fc.constant(Array.from({ length: 2001 }, (_, i) => `V${i}`)),
      ),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));

const body: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
  { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? "null") },
  { weight: 4, arbitrary: wrongTypes },
  { weight: 2, arbitrary: deep },
  { weight: 2, arbitrary: hostileText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "a".repeat(MB + 1),
      JSON.stringify({ text: `1. 王芳 全天\n${"号".repeat(MB / 3)}` }),
      JSON.stringify({ volunteerIds: Array.from({ length: 100_000 }, () => "V001") }),
      `${"1. 王芳 全天\n".repeat(60_000)}`,
    ),
  },
);

interface Call {
  path: string;
  query: string;
  type: string | undefined;
  body: string | Uint8Array | undefined;
}

async function send(call: Call): Promise<Response> {
  const headers: Record<string, string> = { ...auth };
  if (call.type !== undefined) headers["content-type"] = call.type;
  return SELF.fetch(`${ORIGIN}${call.path}${call.query}`, { method: "POST", headers, body: call.body });
}

/** Never 5xx; refusals in the documented shape; successes JSON. Returns the status. */
async function expectHandled(call: Call): Promise<number> {
  const response = await send(call);
  const size = call.body === undefined ? 0 : call.body.length;
  const what = `POST ${call.path}${call.query} (${call.type ?? "no content type"}, ${size} bytes)`;
  if (response.status >= 500) {
    throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 2000)}`);
  }
  if (response.status >= 400) await expectApiError(response, what);
  else {
    expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
    await response.json();
  }
  return response.status;
}

const dateSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constant(tomorrow()) },
  { weight: 1, arbitrary: fc.constantFrom("2022-02-30", "0000-00-00", "..", "%00", "2022-04-19%2F..", "明天") },
  { weight: 1, arbitrary: hostileText.map((t) => percentEncode(t.slice(0, 300)) || "x") },
);

describe("organizer API bodies", () => {
  it("sync, generate and publish ignore any body and content type", async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("sync", "generate", "publish"),
        dateSegment,
        contentType,
        body,
        async (action, date, type, payload) => {
          const path = action === "sync" ? "/api/demo/sync" : `/api/demo/plans/${date}/${action}`;
          const status = await expectHandled({ path, query: "", type, body: payload });
          statuses.push(status);
          if (date === tomorrow() || action === "sync") expect(status, `${action} ${date}`).toBe(200);
        },
      ),
      fuzz(0xb0d1, 8),
    );
    expect(statuses).toContain(200);
  }, 120_000);

  it("signups/import: any body, content type, size and ?date=", async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        contentType,
        body,
        fc.option(
          fc.oneof(
            fc.constant(tomorrow()),
            hostileText.map((t) => t.slice(0, 100)),
          ),
          { nil: undefined },
        ),
        async (type, payload, date) => {
          const query = date === undefined ? "" : `?date=${percentEncode(date)}`;
          statuses.add(await expectHandled({ path: "/api/demo/signups/import", query, type, body: payload }));
        },
      ),
      fuzz(0x1a9c, 30),
    );
    // The runs reached past the body checks into the import itself at least once.
    expect([...statuses].some((s) => s === 200 || s === 422)).toBe(true);
    expect([...statuses].some((s) => s === 400 || s === 413)).toBe(true);
  }, 120_000);

  it("signups/links: any body, content type and size", async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(contentType, body, async (type, payload) => {
        statuses.add(await expectHandled({ path: "/api/demo/signups/links", query: "", type, body: payload }));
      }),
      fuzz(0x11c5, 20),
    );
    expect(statuses.has(200)).toBe(true);
    expect(statuses.has(400)).toBe(true);
  }, 120_000);
});
