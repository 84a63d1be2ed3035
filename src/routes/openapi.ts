/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 description of the organizer API, generated with zod's
 * `z.toJSONSchema` from the very schemas the routes validate with (./api-schemas/). No token: it
 * describes the API and reveals no data.
 *
 * `operations` is the one hand-written part: which route takes which schema and which errors it
 * really answers. tests/workers/openapi.test.ts fails when a route under /api is registered in the
 * app but missing here (or the other way round).
 *
 * @example
 * const doc = openApiDocument("https://zonecrew.example.org");
 * doc.paths["/api/{community}/plans/{date}/generate"].post.responses["400"];
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import type { SheetsErrorKind } from "../sheets/sheets-error.ts";
import {
  chainText,
  communityParams,
  dateParams,
  importJsonBody,
  importQuery,
  inputFailures,
  linkRequestBody,
  volunteerParams,
} from "./api-schemas/inputs.ts";
import * as out from "./api-schemas/responses.ts";

type JsonSchema = Record<string, unknown>;
type Shape = Record<string, z.ZodType>;

interface ErrorResponse {
  description: string;
  codes: string[];
  /** The body when it is not the plain error body. */
  schema?: z.ZodType;
}

interface Operation {
  method: "get" | "post";
  /** The path as Hono registers it (`:param`). */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodObject<Shape>;
  query?: z.ZodObject<Shape>;
  body?: { required: boolean; description: string; content: Record<string, z.ZodType> };
  ok: { description: string; schema: z.ZodType };
  errors: Partial<Record<400 | 401 | 404 | 409 | 413 | 422 | 429 | 502, ErrorResponse>>;
  /** No bearer token needed. */
  open?: boolean;
}

const importResult = z.union([out.importReport, out.pasteTabResults]);

/** Schemas listed under components/schemas and referenced by name. */
const components = z.registry<{ id: string }>();
const named: Array<[string, z.ZodType]> = [
  ["Error", out.errorBody],
  ["Problem", out.problem],
  ["CommunityInfo", out.communityInfo],
  ["SheetReport", out.sheetReport],
  ["SyncResult", out.syncResult],
  ["GenerateResult", out.generateResult],
  ["ImportJsonBody", importJsonBody],
  ["ImportReport", out.importReport],
  ["PasteTabResults", out.pasteTabResults],
  ["ImportResult", importResult],
  ["ImportRefused", out.importRefused],
  ["SheetNotReady", out.sheetNotReady],
  ["LinkRequestBody", linkRequestBody],
  ["IssuedLinks", out.issuedLinks],
  ["FlushResult", out.flushResult],
  ["RevokeResult", out.revokeResult],
  ["PublishResult", out.publishResult],
  ["DayReport", out.dayReport],
  ["OutboxState", out.outboxState],
];
for (const [id, schema] of named) components.add(schema, { id });

const toRef = (id: string) => `#/components/schemas/${id}`;

/** A schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), named ones as `$ref`s. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const id = components.get(schema)?.id;
  if (id) return { $ref: toRef(id) };
  // Inline schemas (path and query parameters, the text/plain body) contain no named one.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  return rest;
}

const sheetsKinds: SheetsErrorKind[] = [
  "unauthenticated",
  "permission",
  "not_found",
  "quota",
  "unavailable",
  "bad_request",
  "protected",
  "invalid_data",
  "moved",
];

const auth = {
  401: {
    description:
      "缺少或错误的管理口令（不论小区是否存在，都是 401）。Missing or wrong organizer token; also for a community that does not exist, so a caller without a token learns nothing.",
    codes: ["unauthorized"],
  },
  404: {
    description: "持有有效口令时：没有这个小区。With a valid token of some community: no such community.",
    codes: ["not_found"],
  },
  429: {
    description:
      "同一来源试错口令的次数太多：在 Retry-After 给出的秒数内，所有请求都被拒绝，正确的口令也一样。Too many wrong tokens from this client: every request is refused for Retry-After seconds, the right token too.",
    codes: ["too_many_attempts"],
  },
} satisfies Operation["errors"];

const sheets = {
  502: {
    description:
      "Google 表格出错（未共享给服务账号、配额用完、不可用）；消息说明怎么办。The spreadsheet failed (not shared with the service account, quota, unavailable); the message says what to do.",
    codes: sheetsKinds.map((k) => `sheets_${k}`),
  },
} satisfies Operation["errors"];

/** The 400 codes a route's inputs can fail with, from `inputFailures`. */
function inputCodes(...shapes: Array<z.ZodObject<Shape> | undefined>): string[] {
  const codes = shapes.flatMap((s) => Object.keys(s?.shape ?? {}).map((k) => inputFailures[k]?.code));
  return [...new Set(codes.filter((c): c is string => c !== undefined))];
}

function badInput(description: string, codes: string[]): ErrorResponse {
  return { description, codes };
}

const badDate = badInput("日期不是真实的 YYYY-MM-DD。The date is not a real YYYY-MM-DD date.", inputCodes(dateParams));

export const operations: Operation[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "getOpenApi",
    tag: "Document",
    summary: "本文档 This document",
    description:
      "OpenAPI 3.1，由路由验证用的同一套 zod 模式生成。Generated from the zod schemas the routes validate with.",
    ok: { description: "The OpenAPI document.", schema: z.looseObject({ openapi: z.string() }) },
    errors: {},
    open: true,
  },
  {
    method: "get",
    path: "/api/:community",
    operationId: "getCommunity",
    tag: "Community",
    summary: "小区设置 The community's settings",
    params: communityParams,
    ok: { description: "Spreadsheet, time zone, daily job times.", schema: out.communityInfo },
    errors: { ...auth },
  },
  {
    method: "post",
    path: "/api/:community/settings",
    operationId: "changeSettings",
    tag: "Community",
    summary: "改设置 Change the settings",
    description:
      "只发要改的项；有一项不对就什么都不改，并逐项说明。Send only the fields to change; if any is wrong nothing changes and each is explained.",
    params: communityParams,
    body: {
      required: true,
      description: "要改的设置。The settings to change.",
      content: { "application/json": out.communitySettings.partial() },
    },
    ok: { description: "The settings now.", schema: out.settingsResult },
    errors: {
      400: badInput("设置不对，或不是 JSON 对象。A setting is wrong, or the body is not a JSON object.", [
        "bad_settings",
        "bad_json",
      ]),
      ...auth,
    },
  },
  {
    method: "get",
    path: "/api/:community/sheet",
    operationId: "getSheet",
    tag: "Sheet",
    summary: "表格现在的样子 How ZoneCrew reads the sheet now",
    description:
      "一次批量读取：找到的页、表头映射、行数和结构问题。One batched read: tabs, header mapping, row counts, structural problems.",
    params: communityParams,
    ok: { description: "What was read.", schema: out.sheetReport },
    errors: { ...auth, ...sheets },
  },
  {
    method: "post",
    path: "/api/:community/sync",
    operationId: "syncSheet",
    tag: "Sheet",
    summary: "检查表格 Check the sheet",
    description:
      "读取并检查每一页，写回「问题」页和「检查」列，保存快照供排班。Validates every tab, writes the Problems tab and the Check columns, stores the snapshot for planning.",
    params: communityParams,
    ok: { description: "Problems (errors first) and counts.", schema: out.syncResult },
    errors: { ...auth, ...sheets },
  },
  {
    method: "post",
    path: "/api/:community/plans/:date/generate",
    operationId: "generatePlan",
    tag: "Plans",
    summary: "生成分工 Plan the date",
    description:
      "先检查表格，再排班，草稿写到「分工」页。输入不变时返回同一版本。发布后再生成只改必须改的，不动已确认的人；只有加 ?mode=fresh 才重新排整天。Syncs, plans the date, shows the draft in the Plan tab; unchanged input gives back the same version. After publishing, it changes only what must change and moves nobody who confirmed; ?mode=fresh plans the whole day anew.",
    params: dateParams,
    ok: { description: "The plan version.", schema: out.generateResult },
    errors: { 400: badDate, ...auth, ...sheets },
  },
  {
    method: "post",
    path: "/api/:community/plans/:date/publish",
    operationId: "publishPlan",
    tag: "Plans",
    summary: "发布分工 Publish the date",
    description:
      "冻结最新版本，每位志愿者一个链接（已发的仍有效），返回群消息；表格通过发件箱更新。Freezes the latest version, one link per volunteer, the group message; the sheet follows through the outbox.",
    params: dateParams,
    ok: { description: "Links and the group message.", schema: out.publishResult },
    errors: {
      400: badDate,
      ...auth,
      404: {
        description: "没有这个小区，或这一天还没有分工（先 generate）。No such community, or no plan for the date yet.",
        codes: ["not_found", "no_plan"],
      },
    },
  },
  {
    method: "get",
    path: "/api/:community/plans/:date",
    operationId: "getPlan",
    tag: "Plans",
    summary: "当天分工和回复 The day's plan and answers",
    description:
      "最新版本、每人的链接状态（从不返回链接码）和回复。The latest version with each link's state (never the code) and answer.",
    params: dateParams,
    ok: { description: "The day report.", schema: out.dayReport },
    errors: {
      400: badDate,
      ...auth,
      404: {
        description: "没有这个小区，或这一天没有分工。No such community, or no plan for the date.",
        codes: ["not_found", "no_plan"],
      },
    },
  },
  {
    method: "get",
    path: "/api/:community/outbox",
    operationId: "getOutbox",
    tag: "Plans",
    summary: "待写入表格的行 Rows on their way to the sheet",
    params: communityParams,
    ok: { description: "The outbox's state.", schema: out.outboxState },
    errors: { ...auth },
  },
  {
    method: "post",
    path: "/api/:community/signups/import",
    operationId: "importChain",
    tag: "Sign-ups",
    summary: "导入群接龙 Import a pasted WeChat chain",
    description:
      "匹配到的行追加到「报名」页底部；已有的不重复添加。Matched lines become rows at the bottom of the Signups tab; lines already there are not added again. With ?from=sheet the body is ignored and every chain in the Paste tab is imported.",
    params: communityParams,
    query: importQuery,
    body: {
      required: false,
      description: "接龙原文（text/plain）或 JSON。The chain as text/plain, or JSON { text, date? }.",
      content: { "text/plain": chainText, "application/json": importJsonBody },
    },
    ok: {
      description: "The import report (or, with ?from=sheet, one result per pasted chain).",
      schema: importResult,
    },
    errors: {
      400: badInput(
        "读不懂的请求：JSON 不对、日期不对或超出今天…+7 天、空的粘贴。Bad JSON, a bad date or one outside today…+7 days, an empty paste, an unknown ?from.",
        [...inputCodes(communityParams, importQuery, importJsonBody), "date_out_of_range", "empty_paste"],
      ),
      ...auth,
      409: {
        description: "志愿者表或报名表缺失或表头读不懂。The Volunteers or Signups tab is missing or unreadable.",
        codes: ["sheet_not_ready"],
        schema: out.sheetNotReady,
      },
      413: {
        description: "超过 2000 行或 200 KB。Over 2,000 lines or 200 KB.",
        codes: ["paste_too_large"],
      },
      422: {
        description: "整段接龙被拒绝，什么都没写入。The chain was refused whole; nothing was written.",
        codes: ["date_mismatch", "conflicting_dates", "unreadable_date", "foreign_chain", "no_entries"],
        schema: out.importRefused,
      },
      ...sheets,
    },
  },
  {
    method: "post",
    path: "/api/:community/signups/links",
    operationId: "issueSignupLinks",
    tag: "Sign-ups",
    summary: "发个人报名链接 Issue personal sign-up links",
    description:
      "给每位在册且还没有链接的志愿者（或列出的人）一个 /s/{code} 链接，返回所有请求的人的链接。幂等。A link for every active volunteer (or those listed) who has none; returns every requested volunteer's link. Idempotent.",
    params: communityParams,
    body: {
      required: false,
      description: "Optional; read as JSON whatever the content type.",
      content: { "application/json": linkRequestBody },
    },
    ok: { description: "The links.", schema: out.issuedLinks },
    errors: {
      400: badInput("JSON 或 volunteerIds 不对。Bad JSON or volunteerIds.", [
        ...inputCodes(linkRequestBody),
        "bad_json",
      ]),
      ...auth,
      413: { description: "请求体超过 256 KB。The body is over 256 KB.", codes: ["body_too_large"] },
      ...sheets,
    },
  },
  {
    method: "post",
    path: "/api/:community/signups/links/flush",
    operationId: "flushLinkSignups",
    tag: "Sign-ups",
    summary: "把链接报名写入表格 Push pending link sign-ups to the sheet",
    params: communityParams,
    ok: { description: "Written, idle or busy.", schema: out.flushResult },
    errors: {
      ...auth,
      502: {
        description: "写表格失败，报名留在 D1 等下次。The write failed; the sign-ups stay pending (status failed).",
        codes: [],
        schema: out.flushResult,
      },
    },
  },
  {
    method: "post",
    path: "/api/:community/signups/links/:volunteerId/revoke",
    operationId: "revokeSignupLink",
    tag: "Sign-ups",
    summary: "收回报名链接 Revoke a sign-up link",
    description:
      "链接从此回答 410；再发会得到新链接。The link answers 410 from then on; issuing again gives a new one.",
    params: volunteerParams,
    ok: { description: "Revoked.", schema: out.revokeResult },
    errors: {
      400: badInput("志愿者编号不对。Bad volunteer ID.", inputCodes(volunteerParams)),
      ...auth,
      404: {
        description: "没有这个小区，或这位志愿者没有有效链接。No such community, or the volunteer has no live link.",
        codes: ["not_found", "no_live_link"],
      },
    },
  },
];

function parameters(op: Operation): JsonSchema[] {
  const list = (where: "path" | "query", object: z.ZodObject<Shape> | undefined) =>
    Object.entries(object?.shape ?? {}).map(([name, schema]) => {
      const json = jsonSchema(schema);
      return {
        name,
        in: where,
        required: where === "path" || !schema.safeParse(undefined).success,
        description: json.description,
        schema: json,
      };
    });
  return [...list("path", op.params), ...list("query", op.query)];
}

function responses(op: Operation): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {
    200: { description: op.ok.description, content: { "application/json": { schema: jsonSchema(op.ok.schema) } } },
  };
  for (const [status, error] of Object.entries(op.errors) as Array<[string, ErrorResponse]>) {
    const codes = error.codes.length ? ` Codes: ${error.codes.join(", ")}.` : "";
    result[status] = {
      description: `${error.description}${codes}`,
      "x-error-codes": error.codes,
      content: { "application/json": { schema: jsonSchema(error.schema ?? out.errorBody) } },
    };
  }
  return result;
}

/** Hono's `/api/:community` as OpenAPI's `/api/{community}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, "{$1}");
}

function buildPaths(): Record<string, Record<string, JsonSchema>> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const item = (paths[openApiPath(op.path)] ??= {});
    item[op.method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.open ? { security: [] } : {}),
      parameters: parameters(op),
      ...(op.body
        ? {
            requestBody: {
              required: op.body.required,
              description: op.body.description,
              content: Object.fromEntries(
                Object.entries(op.body.content).map(([type, schema]) => [type, { schema: jsonSchema(schema) }]),
              ),
            },
          }
        : {}),
      responses: responses(op),
    };
  }
  return paths;
}

function buildComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(components, { io: "input", uri: toRef }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]),
  );
}

let cached: { paths: ReturnType<typeof buildPaths>; schemas: ReturnType<typeof buildComponents> } | undefined;

/** The document, with `serverUrl` as its server. */
export function openApiDocument(serverUrl: string) {
  cached ??= { paths: buildPaths(), schemas: buildComponents() };
  return {
    openapi: "3.1.0",
    info: {
      title: "ZoneCrew organizer API",
      version: "0.1.0",
      description:
        "组织者接口：每个请求带上小区的管理口令 `Authorization: Bearer <口令>`。错误统一为 `{ error: { code, message, zh, en } }`，先中文后英文。\n\n" +
        "The organizer API: send the community's organizer token as `Authorization: Bearer <token>`. Every error is `{ error: { code, message, zh, en } }`, Chinese first; branch on `code` (each response lists its codes in `x-error-codes`).",
    },
    servers: [{ url: serverUrl, description: "This deployment" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "Community", description: "小区 The community" },
      { name: "Sheet", description: "表格 Reading and checking the sheet" },
      { name: "Plans", description: "分工 Planning and publishing a day" },
      { name: "Sign-ups", description: "报名 Chain import and personal sign-up links" },
      { name: "Document", description: "本文档 This description" },
    ],
    paths: cached.paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "小区的管理口令（npm run community:add 打印，或 ORGANIZER_TOKEN）。The community's organizer token (printed by npm run community:add, or ORGANIZER_TOKEN).",
        },
      },
      schemas: cached.schemas,
    },
  };
}

export const openapi = new Hono<AppEnv>().get("/api/openapi.json", (c) =>
  c.json(openApiDocument(c.var.services.vars.PUBLIC_URL ?? new URL(c.req.url).origin)),
);
