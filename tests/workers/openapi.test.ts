import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildApp } from "../../src/app.ts";
import * as out from "../../src/routes/api-schemas/responses.ts";
import { seedDemo } from "./support/emulator.ts";
import { auth, ORIGIN, SHEET, tomorrow } from "./support/links.ts";

// The document must describe the API the Worker really serves: every route the app registers
// under /api, the bodies it refuses and accepts, and the shapes it answers with.

interface Doc {
  openapi: string;
  servers: Array<{ url: string }>;
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, Schema> };
}
interface Operation {
  security?: unknown[];
  parameters: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { "x-error-codes"?: string[]; content: Record<string, { schema: Schema }> }>;
}
type Schema = Record<string, unknown> & { examples?: unknown[] };

let doc: Doc;

beforeAll(async () => {
  const response = await SELF.fetch(`${ORIGIN}/api/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
});

/** Moves component references to `$defs`, where a plain JSON Schema reader looks for them. */
const relocate = (value: unknown) =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'));

/** The document's JSON Schema read back by a JSON Schema reader, not the zod schema it came from. */
function documented(schema: Schema): z.ZodType {
  return z.fromJSONSchema({ ...relocate(schema), $defs: relocate(doc.components.schemas) });
}

const bodySchema = (path: string) =>
  documented(doc.paths[path]!.post!.requestBody!.content["application/json"]!.schema);
const errorCodes = (path: string, method: string, status: number) =>
  doc.paths[path]![method]!.responses[status]!["x-error-codes"];

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string } },
  };
}

describe("GET /api/openapi.json", () => {
  it("is served without a token, as OpenAPI 3.1 with a bearer scheme and this deployment as server", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.servers[0]!.url).toBe(ORIGIN);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/openapi.json"]!.get!.security).toEqual([]);
  });

  it("is open to GET only: other methods on the same path still need the token", async () => {
    const response = await SELF.fetch(`${ORIGIN}/api/openapi.json`, { method: "POST" });
    expect(response.status).toBe(401);
  });

  it("lists exactly the routes the app registers under /api, with each path parameter", () => {
    const registered = new Set(
      buildApp()
        .routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documentedRoutes = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    expect(registered.size).toBeGreaterThanOrEqual(12);
    expect([...documentedRoutes].sort()).toEqual([...registered].sort());
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        expect(op.parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(inPath);
      }
    }
  });

  it("gives every token-protected route its 401 and every error response the shared error shape", () => {
    const error = doc.components.schemas.Error!;
    expect(error.required).toEqual(["error"]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (path !== "/api/openapi.json") expect(errorCodes(path, method, 401)).toEqual(["unauthorized"]);
        for (const [status, response] of Object.entries(op.responses)) {
          if (status === "200" || path.endsWith("/flush")) continue;
          const schema = documented(response.content["application/json"]!.schema);
          const sample = { error: { code: "x", message: "x x", zh: "x", en: "x" } };
          expect(schema.safeParse({ error: {} }).success).toBe(false);
          if (response.content["application/json"]!.schema.$ref === "#/components/schemas/Error") {
            expect(schema.safeParse(sample).success).toBe(true);
          }
        }
      }
    }
  });
});

describe("the document and the routes agree on what they accept", () => {
  beforeAll(() => seedDemo(SHEET));

  it("signups/links: bodies the document rejects are refused with 400 bad_volunteer_ids; its example is accepted", async () => {
    const path = "/api/{community}/signups/links";
    const schema = bodySchema(path);
    const error = documented(doc.components.schemas.Error!);
    const rejected = [
      { volunteerIds: "V001" },
      { volunteerIds: [1, 2] },
      { volunteerIds: [""] },
      { volunteerIds: Array.from({ length: 2001 }, (_, i) => `V${i}`) },
    ];
    for (const body of rejected) {
      expect(schema.safeParse(body).success).toBe(false);
      const answer = await post("/api/demo/signups/links", body);
      expect(answer.status).toBe(400);
      expect(error.safeParse(answer.body).success).toBe(true);
      expect(answer.body.error!.code).toBe("bad_volunteer_ids");
      expect(errorCodes(path, "post", 400)).toContain(answer.body.error!.code);
    }
    const example = doc.components.schemas.LinkRequestBody!.examples![0];
    expect(schema.safeParse(example).success).toBe(true);
    const accepted = await post("/api/demo/signups/links", example);
    expect(accepted.status).toBe(200);
    expect(out.issuedLinks.parse(accepted.body).links.map((l) => l.volunteerId)).toEqual(["V001", "V002"]);
  });

  it("signups/import: JSON without text or with an impossible date is refused as documented; its example is accepted", async () => {
    const path = "/api/{community}/signups/import";
    const schema = bodySchema(path);
    const cases: Array<[unknown, string]> = [
      [{ date: tomorrow() }, "bad_json"],
      [{ text: 12 }, "bad_json"],
      [["1. 胡天宇 全天"], "bad_json"],
      [{ text: "1. 胡天宇 全天", date: "2026-02-29" }, "bad_date"],
      [{ text: "1. 胡天宇 全天", date: "2026-04-31" }, "bad_date"],
    ];
    for (const [body, code] of cases) {
      expect(schema.safeParse(body).success).toBe(false);
      const answer = await post("/api/demo/signups/import", body);
      expect([answer.status, answer.body.error?.code]).toEqual([400, code]);
      expect(errorCodes(path, "post", 400)).toContain(code);
    }
    // Not JSON at all: the same documented code, not Hono's bare 400 or a 500.
    const broken = await post("/api/demo/signups/import", "{not json");
    expect([broken.status, broken.body.error?.code]).toEqual([400, "bad_json"]);

    const example = doc.components.schemas.ImportJsonBody!.examples![0];
    expect(schema.safeParse(example).success).toBe(true);
    const accepted = await post("/api/demo/signups/import", example);
    expect(accepted.status).toBe(200);
    expect(out.importReport.parse(accepted.body).date).toBe(tomorrow());
  });

  it("path and query parameters: what the document's schema rejects is a 400 with the documented code", async () => {
    const param = (path: string, name: string) =>
      documented(doc.paths[path]!.post!.parameters.find((p) => p.name === name)!.schema);
    const date = param("/api/{community}/plans/{date}/generate", "date");
    for (const bad of ["2026-02-30", "tomorrow", "2026-1-05"]) {
      expect(date.safeParse(bad).success).toBe(false);
      const answer = await post(`/api/demo/plans/${bad}/generate`, "");
      expect([answer.status, answer.body.error?.code]).toEqual([400, "bad_date"]);
    }
    const id = param("/api/{community}/signups/links/{volunteerId}/revoke", "volunteerId");
    const long = "V".repeat(65);
    expect(id.safeParse(long).success).toBe(false);
    const revoke = await post(`/api/demo/signups/links/${long}/revoke`, "");
    expect([revoke.status, revoke.body.error?.code]).toEqual([400, "bad_volunteer_id"]);

    const from = param("/api/{community}/signups/import", "from");
    expect(from.safeParse("elsewhere").success).toBe(false);
    const query = await post("/api/demo/signups/import?from=elsewhere", { text: "1. 胡天宇 全天" });
    expect([query.status, query.body.error?.code]).toEqual([400, "bad_query"]);
  });
});

describe("the documented response schemas match real answers", () => {
  beforeAll(() => seedDemo(SHEET));

  /** Parses with the schema the document is made from, and finds no top-level field it omits. */
  async function answers(schema: z.ZodObject, path: string, method = "GET") {
    const response = await SELF.fetch(`${ORIGIN}${path}`, { method, headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(Object.keys(body).filter((k) => !(k in schema.shape))).toEqual([]);
  }

  it("community, sheet, sync, generate, publish, the day, the outbox, links, flush and revoke", async () => {
    const date = tomorrow();
    await answers(out.communityInfo, "/api/demo");
    await answers(out.sheetReport, "/api/demo/sheet");
    await answers(out.syncResult, "/api/demo/sync", "POST");
    await answers(out.generateResult, `/api/demo/plans/${date}/generate`, "POST");
    await answers(out.publishResult, `/api/demo/plans/${date}/publish`, "POST");
    await answers(out.dayReport, `/api/demo/plans/${date}`);
    await answers(out.outboxState, "/api/demo/outbox");
    await answers(out.issuedLinks, "/api/demo/signups/links", "POST");
    await answers(out.flushResult, "/api/demo/signups/links/flush", "POST");
    await answers(out.revokeResult, "/api/demo/signups/links/V001/revoke", "POST");
    await answers(out.pasteTabResults, "/api/demo/signups/import?from=sheet", "POST");
  });
});
