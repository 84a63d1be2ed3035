/**
 * The Sheets API v4 over HTTP, in front of one SpreadsheetModel: routing of Google's paths
 * (including the `/{id}/:batchUpdate` form ky produces), bearer auth, injected faults and quota,
 * and Google's error bodies. The model does the spreadsheet work.
 */
import type { CallGate, CallKind } from "./faults.ts";
import type { Admission } from "./quota-ledger.ts";
import { googleErrorBody, SheetsApiError } from "./errors.ts";
import { selectFields } from "./field-mask.ts";
import type { SpreadsheetModel } from "./spreadsheet-model.ts";

export interface ApiContext {
  model: SpreadsheetModel | undefined;
  gate: CallGate;
  /** The account a bearer token acts as (src/emulator/credentials.ts), or undefined: 401. */
  authorize: (token: string | undefined) => Promise<string | undefined>;
  /** Google's quota per user and per project, counted across every spreadsheet. */
  quota: (user: string, kind: CallKind) => Promise<Admission>;
  now: number;
  spreadsheetUrl: (spreadsheetId: string) => string;
  create: (spreadsheetId: string, title: string) => SpreadsheetModel;
  afterCall: () => void;
}

type Handler = (model: SpreadsheetModel, input: { query: URLSearchParams; body: unknown; range: string }) => unknown;

interface Route {
  method: string;
  name: string;
  kind: CallKind;
  handle: Handler;
}

function googleError(httpStatus: number, status: string, message: string): Response {
  return Response.json({ error: { code: httpStatus, message, status } }, { status: httpStatus });
}

const refusals: Record<number, [string, (kind: CallKind, scope?: "user" | "project") => string]> = {
  401: [
    "UNAUTHENTICATED",
    () =>
      "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  ],
  403: ["PERMISSION_DENIED", () => "The caller does not have permission"],
  429: [
    "RESOURCE_EXHAUSTED",
    (kind, scope = "user") => {
      const metric = kind === "read" ? "Read requests" : "Write requests";
      const limit = scope === "user" ? `${metric} per minute per user` : `${metric} per minute`;
      return `Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'sheets.googleapis.com' for consumer 'project_number:0'.`;
    },
  ],
  500: ["INTERNAL", () => "Internal error encountered."],
  503: ["UNAVAILABLE", () => "The service is currently unavailable."],
};

function refuse(httpStatus: number, kind: CallKind, scope?: "user" | "project"): Response {
  const [status, message] = refusals[httpStatus] ?? refusals[503]!;
  return googleError(httpStatus, status, message(kind, scope));
}

/** Resolves Google's path forms to one route; `rest` is what follows /v4/spreadsheets/{id}. */
function resolve(method: string, rest: string): { route: Route; range: string } | undefined {
  const suffix = rest.replace(/^\//, "");
  const valuesRange = /^values\/(.+?)(:append|:clear)?$/.exec(suffix);
  if (valuesRange && !suffix.startsWith("values:")) {
    const range = decodeURIComponent(valuesRange[1]!);
    const action = valuesRange[2];
    if (action === ":append" && method === "POST") return { route: routes.append, range };
    if (action === ":clear" && method === "POST") return { route: routes.clear, range };
    if (!action && method === "GET") return { route: routes.valuesGet, range };
    if (!action && method === "PUT") return { route: routes.update, range };
    return undefined;
  }
  const key = `${method} ${suffix}`;
  const route = exact[key];
  return route ? { route, range: "" } : undefined;
}

const flag = (q: URLSearchParams, name: string) => q.get(name) ?? undefined;
const readOpts = (q: URLSearchParams) => ({
  valueRenderOption: flag(q, "valueRenderOption"),
  majorDimension: flag(q, "majorDimension"),
});
const writeOpts = (q: URLSearchParams) => ({
  valueInputOption: flag(q, "valueInputOption"),
  includeValuesInResponse: flag(q, "includeValuesInResponse"),
  responseValueRenderOption: flag(q, "responseValueRenderOption"),
});

/* The model validates option strings and answers Google's 400 for bad ones. */
/* eslint-disable @typescript-eslint/no-explicit-any */
const routes = {
  valuesGet: {
    method: "GET",
    name: "spreadsheets.values.get",
    kind: "read",
    handle: (m, i) => m.valuesGet(i.range, readOpts(i.query) as any),
  },
  update: {
    method: "PUT",
    name: "spreadsheets.values.update",
    kind: "write",
    handle: (m, i) => m.valuesUpdate(i.range, i.body as any, writeOpts(i.query) as any),
  },
  append: {
    method: "POST",
    name: "spreadsheets.values.append",
    kind: "write",
    handle: (m, i) =>
      m.valuesAppend(
        i.range,
        i.body as any,
        { ...writeOpts(i.query), insertDataOption: flag(i.query, "insertDataOption") } as any,
      ),
  },
  clear: { method: "POST", name: "spreadsheets.values.clear", kind: "write", handle: (m, i) => m.valuesClear(i.range) },
} satisfies Record<string, Route>;

const get: Route = {
  method: "GET",
  name: "spreadsheets.get",
  kind: "read",
  handle: (m, i) =>
    m.get({ includeGridData: i.query.get("includeGridData") === "true", ranges: i.query.getAll("ranges") }),
};
const getByDataFilter: Route = {
  method: "POST",
  name: "spreadsheets.getByDataFilter",
  kind: "read",
  handle: (m, i) => m.getByDataFilter(i.body as any),
};
const batchUpdate: Route = {
  method: "POST",
  name: "spreadsheets.batchUpdate",
  kind: "write",
  handle: (m, i) => m.batchUpdate(i.body as any),
};
const exact: Record<string, Route> = {
  "GET ": get,
  "POST :getByDataFilter": getByDataFilter,
  "POST :batchUpdate": batchUpdate,
  "GET values:batchGet": {
    method: "GET",
    name: "spreadsheets.values.batchGet",
    kind: "read",
    handle: (m, i) => m.valuesBatchGet(i.query.getAll("ranges"), readOpts(i.query) as any),
  },
  "POST values:batchUpdate": {
    method: "POST",
    name: "spreadsheets.values.batchUpdate",
    kind: "write",
    handle: (m, i) => m.valuesBatchUpdate(i.body as any),
  },
  "POST values:batchClear": {
    method: "POST",
    name: "spreadsheets.values.batchClear",
    kind: "write",
    handle: (m, i) => m.valuesBatchClear(i.body as any),
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export async function handleSheetsApi(request: Request, ctx: ApiContext): Promise<Response> {
  const url = new URL(request.url);
  const match = /^\/v4\/spreadsheets(?:\/([^/:]+))?(.*)$/.exec(url.pathname);
  if (!match) return googleError(404, "NOT_FOUND", "Requested entity was not found.");
  const spreadsheetId = match[1] ? decodeURIComponent(match[1]) : undefined;

  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const user = await ctx.authorize(bearer);
  if (!user) return refuse(401, "read");

  const creating = !spreadsheetId && request.method === "POST";
  const resolved = creating ? undefined : resolve(request.method, match[2] ?? "");
  if (!creating && !resolved) {
    return googleError(404, "NOT_FOUND", `Method not found: ${request.method} ${url.pathname}`);
  }
  const kind: CallKind = resolved?.route.kind ?? "write";
  const method = resolved?.route.name ?? "spreadsheets.create";
  const verdict = ctx.gate.admit();
  // Faults first (an outage refuses before anything is counted), then Google's quota.
  const admission = verdict.serve ? await ctx.quota(user, kind) : undefined;
  if (admission?.ok) ctx.gate.count(kind, method, ctx.now, user);
  else if (admission) ctx.gate.stats.throttled++;
  const latency = ctx.gate.faults.latencyMs;
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  try {
    if (!verdict.serve) return refuse(verdict.status, kind);
    if (admission && !admission.ok) return refuse(429, kind, admission.scope);
    if (ctx.model) ctx.model.caller = user;
    const body = request.method === "GET" ? undefined : await request.json().catch(() => ({}));
    if (creating) {
      const id = request.headers.get("x-emulator-spreadsheet-id") ?? crypto.randomUUID();
      const title = (body as { properties?: { title?: string } })?.properties?.title ?? "Untitled spreadsheet";
      const model = ctx.create(id, title);
      return Response.json({ ...model.get({ spreadsheetUrl: ctx.spreadsheetUrl(id) }) });
    }
    const model = ctx.model;
    if (!model || model.meta.spreadsheetId !== spreadsheetId) {
      return googleError(404, "NOT_FOUND", "Requested entity was not found.");
    }
    const result = resolved!.route.handle(model, { query: url.searchParams, body, range: resolved!.range });
    // Applied, yet the caller hears 503 (the change is saved by afterCall below).
    if (ctx.gate.failsAfterApply(kind)) return refuse(503, kind);
    const withUrl =
      resolved!.route === get || resolved!.route === batchUpdate
        ? addUrl(result, ctx.spreadsheetUrl(spreadsheetId!))
        : result;
    // Partial responses, as Google's `fields` parameter gives them.
    return Response.json(selectFields(withUrl, url.searchParams.get("fields")));
  } catch (error) {
    if (error instanceof SheetsApiError) return Response.json(googleErrorBody(error), { status: error.httpStatus });
    throw error;
  } finally {
    ctx.afterCall();
  }
}

function addUrl(result: unknown, spreadsheetUrl: string): unknown {
  const r = result as { spreadsheetUrl?: string; updatedSpreadsheet?: { spreadsheetUrl?: string } };
  if (r.updatedSpreadsheet) r.updatedSpreadsheet.spreadsheetUrl = spreadsheetUrl;
  else r.spreadsheetUrl = spreadsheetUrl;
  return r;
}
