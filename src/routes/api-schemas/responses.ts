/**
 * What the organizer API answers, as zod schemas: the success body of every route and the shared
 * error body. They are the source of `/api/openapi.json`'s responses; tests/workers/openapi.test.ts
 * parses real answers with them so they stay true.
 *
 * Deep structures that belong to the planning engine (a plan's routes, posts, supplies) are
 * described by their main fields and left open (`looseObject`): the engine's types in
 * src/domain/plan/types.ts are their definition.
 */
import { z } from "zod";

const bilingual = { zh: z.string().meta({ description: "中文说明" }), en: z.string().meta({ description: "English" }) };

const errorDetail = z.object({
  code: z.string().meta({
    description: "稳定的错误代码，程序据此判断。A stable machine code to branch on.",
    examples: ["bad_date", "unauthorized", "no_plan"],
  }),
  message: z.string().meta({ description: "中文 + English in one line." }),
  ...bilingual,
});

export const errorBody = z.object({ error: errorDetail }).meta({
  description: "每个错误的格式：先中文后英文。Every error: a code and the message in Chinese, then English.",
  examples: [
    {
      error: {
        code: "bad_date",
        message:
          'date 日期格式应为 YYYY-MM-DD，且是真实的日期，例如 2022-04-19。 "date" must be a real date as YYYY-MM-DD, e.g. 2022-04-19.',
        zh: "date 日期格式应为 YYYY-MM-DD，且是真实的日期，例如 2022-04-19。",
        en: '"date" must be a real date as YYYY-MM-DD, e.g. 2022-04-19.',
      },
    },
  ],
});

export const problem = z
  .object({
    tab: z.string().meta({ description: "Manifest tab key, e.g. volunteers." }),
    row: z.number().int().optional().meta({ description: "1-based sheet row; absent for a whole-tab problem." }),
    id: z.string().optional().meta({ description: "The row's ID, e.g. V012." }),
    column: z.string().optional().meta({ description: "Manifest column key." }),
    value: z.string().optional().meta({ description: "What the organizer typed, as read." }),
    code: z.string().meta({ examples: ["phone_invalid", "header_missing"] }),
    ...bilingual,
    severity: z.enum(["error", "warning"]),
  })
  .meta({ description: "表格里的一个问题。A problem found in the sheet, with what to do in Chinese and English." });

function isoDateString(description: string) {
  return z.string().meta({ description, examples: ["2022-04-19"] });
}

const counts = z.object({ rows: z.number().int(), errors: z.number().int(), warnings: z.number().int() });

export const communityInfo = z.object({
  slug: z.string(),
  name: z.string(),
  spreadsheetId: z.string(),
  spreadsheetUrl: z.string().meta({ description: "Opens the sheet (Google Sheets or the local emulator)." }),
  backend: z.enum(["emulator", "google"]),
  timeZone: z.string().meta({ examples: ["Asia/Shanghai"] }),
  times: z
    .object({ publish: z.string(), chase: z.string(), digest: z.string(), wrapUp: z.string() })
    .meta({ description: "定时任务的本地时间 HH:MM。Local times of the daily jobs." }),
  serviceAccount: z.string().nullable().meta({
    description:
      "表格要共享给的服务账号（Google 后端）；本地模拟器为 null。The key pool's account this community's sheet is shared with (Google backend); null with the emulator.",
  }),
  settings: z.lazy(() => communitySettings),
});

export const communitySettings = z
  .object({
    language: z.enum(["zh", "zh+en", "en"]),
    ageLimit: z.number().int(),
    arriveEarlyMinutes: z.number().int(),
    standbyShare: z.number(),
    publishTime: z.string(),
    chaseTime: z.string(),
    digestTime: z.string(),
    wrapUpTime: z.string(),
  })
  .meta({
    description:
      "语言和规则：中文 / 中文+English / English，年龄上限，提前到岗分钟，待命比例，发布、提醒、日报、收工小结时间。Language and rules.",
  });

export const settingsResult = z.object({ settings: communitySettings });

export const sheetReport = z.object({
  spreadsheetId: z.string(),
  tabs: z
    .record(
      z.string(),
      z.object({
        title: z.string().optional(),
        headerRow: z.number().int(),
        columns: z.record(z.string(), z.number().int()).meta({ description: "Column key → 0-based column index." }),
        rows: z.number().int().meta({ description: "Non-blank rows below the header." }),
      }),
    )
    .meta({ description: "Tabs found, by manifest key." }),
  missing: z.array(z.string()).meta({ description: "Organizer tabs not found." }),
  problems: z.array(problem),
});

export const syncResult = z.object({
  problems: z.array(problem).meta({ description: "Errors first; the Problems tab has them all." }),
  counts,
  snapshotAt: z.string().meta({ description: "ISO instant of the stored snapshot." }),
  today: isoDateString("The community's local date the date rules used."),
});

const assignmentKind = z.enum(["route", "post", "standby"]);

const planMetrics = z.looseObject({
  buildings: z.number().int(),
  covered: z.number().int(),
  coverage: z.number().meta({ description: "covered / buildings" }),
  routes: z.number().int(),
  onDuty: z.number().int(),
  protectiveSuits: z.number().int(),
  changed: z.number().int().nullable(),
  byKind: z.object({ route: z.number().int(), post: z.number().int(), standby: z.number().int() }),
});

const plan = z
  .looseObject({
    date: z.string(),
    seed: z.number(),
    assignments: z.array(
      z.looseObject({
        volunteerId: z.string(),
        kind: assignmentKind,
        postId: z.string().nullable(),
        buildings: z.array(z.string()),
        start: z.string(),
        end: z.string(),
        pinned: z.boolean(),
      }),
    ),
    routes: z.array(z.looseObject({})),
    posts: z.array(z.looseObject({})),
    uncovered: z.array(z.string()).meta({ description: "Buildings on no route." }),
    shortfalls: z.array(z.looseObject({})),
    supplies: z.array(z.looseObject({})),
    warnings: z.array(z.looseObject({})),
    metrics: planMetrics,
  })
  .meta({ description: "The engine's plan (src/domain/plan/types.ts `Plan`)." });

export const generateResult = z.object({
  date: z.string(),
  version: z.number().int().meta({ description: "Plan version; the same input gives back the same version." }),
  status: z.enum(["draft", "published"]),
  unchanged: z.boolean().meta({ description: "True when the input had not changed since the latest version." }),
  inputHash: z.string(),
  metrics: planMetrics,
  plan,
  sync: z.object({ counts, snapshotAt: z.string() }),
});

const unmatchedLine = z.object({
  lineNumber: z.number().int(),
  line: z.string(),
  code: z.string().meta({ examples: ["unknown_name", "ambiguous_name"] }),
  ...bilingual,
});
const ignoredLine = z.object({
  lineNumber: z.number().int(),
  line: z.string(),
  reason: z.string(),
  ...bilingual,
});
const chainSummary = z.object({
  title: z.string().nullable(),
  date: z.string().nullable().meta({ description: "The date the chain's header names, if any." }),
  dateWords: z.array(z.string()),
  lines: z.number().int().meta({ description: "Numbered lines read." }),
});
const byPartOfDay = z.object({ all_day: z.number().int(), am: z.number().int(), pm: z.number().int() });

export const importReport = z
  .object({
    date: z.string(),
    chain: chainSummary,
    added: z.number().int().meta({ description: "新加到报名表的人数。Volunteers added to the Signups tab." }),
    alreadyPresent: z.number().int(),
    unmatched: z
      .array(unmatchedLine.extend({ candidates: z.array(z.string()).optional() }))
      .meta({ description: "The first 100 lines no volunteer matched; unmatchedCount counts them all." }),
    unmatchedCount: z.number().int(),
    totals: byPartOfDay.meta({ description: "The chain's volunteers by part of the day." }),
    dayTotals: byPartOfDay.meta({ description: "The date's sign-ups after the import." }),
    ignored: z.array(ignoredLine),
    ignoredCount: z.number().int(),
    addedRows: z.array(
      z.object({
        volunteerId: z.string(),
        name: z.string(),
        availability: z.string(),
        lineNumbers: z.array(z.number().int()),
        assumed: z.boolean(),
      }),
    ),
    alreadyPresentRows: z.array(
      z.object({
        volunteerId: z.string(),
        name: z.string(),
        availability: z.string(),
        sheetAvailability: z.string().nullable(),
        differs: z.boolean(),
      }),
    ),
    notes: z.array(z.object({ code: z.string().meta({ examples: ["no_date"] }), ...bilingual })),
    summary: z.object(bilingual),
    sheets: z.object({ requests: z.number().int() }),
  })
  .meta({ description: "导入结果。What the import did." });

export const pasteTabResults = z
  .object({
    results: z.array(
      z.object({
        row: z.number().int().meta({ description: "Row of the Paste tab." }),
        date: z.string(),
        outcome: z.enum(["imported", "refused", "sheet_not_ready", "bad_date"]),
        added: z.number().int(),
        summary: z.string(),
      }),
    ),
  })
  .meta({ description: "?from=sheet：表格粘贴页每段接龙的结果。One result per chain in the Paste tab." });

export const importRefused = errorBody
  .extend({
    date: z.string(),
    chain: chainSummary,
    added: z.literal(0),
    unmatched: z
      .array(unmatchedLine.extend({ candidates: z.array(z.string()).optional() }))
      .meta({ description: "The first 100 lines no volunteer matched; unmatchedCount counts them all." }),
    unmatchedCount: z.number().int(),
    ignored: z.array(ignoredLine),
    ignoredCount: z.number().int(),
  })
  .meta({
    description:
      "整段接龙被拒绝（别的日期、别的群、不是接龙），什么都没写入。The chain was refused whole; nothing was written. Codes: date_mismatch, conflicting_dates, unreadable_date, foreign_chain, no_entries, too_many_entries.",
  });

export const sheetNotReady = errorBody
  .extend({ problems: z.array(problem) })
  .meta({ description: "志愿者表或报名表缺失或表头读不懂。The Volunteers or Signups tab is missing or unreadable." });

export const issuedLinks = z.object({
  links: z.array(
    z.object({
      volunteerId: z.string(),
      name: z.string(),
      url: z
        .string()
        .nullable()
        .meta({ description: "The /s/{code} link; null when sealed under another secret and cannot be shown again." }),
      created: z.boolean().meta({ description: "True when this call created it." }),
    }),
  ),
  skipped: z
    .array(z.object({ volunteerId: z.string(), ...bilingual }))
    .meta({ description: "Requested IDs that get no link, with why." }),
});

export const flushResult = z.object({
  status: z
    .enum(["written", "idle", "busy", "failed"])
    .meta({ description: "busy: another request holds the lease; failed (502): the rows stay pending." }),
  appended: z.number().int(),
  pending: z.number().int().meta({ description: "Link sign-ups still waiting for the sheet." }),
  error: z.string().optional(),
});

export const revokeResult = z.object({ volunteerId: z.string(), revoked: z.literal(true) });

const changeRecord = z.object({
  volunteerId: z.string(),
  change: z.enum(["left", "joined", "moved"]),
  replaces: z.string().nullable(),
});

export const publishResult = z.object({
  date: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  links: z.array(
    z.object({
      volunteerId: z.string(),
      name: z.string(),
      post: z.string(),
      url: z.string().nullable().meta({ description: "The volunteer's /c/{code} duty link." }),
      issued: z.enum(["new", "existing"]),
      expiresAt: z.string(),
    }),
  ),
  messages: z
    .array(z.string())
    .meta({ description: "群消息，按顺序分段发送。The group message, in parts to send in order." }),
  queued: z.number().int().meta({ description: "Rows queued for the sheet." }),
  replans: z
    .array(
      z.union([
        z.object({ status: z.literal("replanned"), version: z.number().int(), changes: z.array(changeRecord) }),
        z.object({ status: z.literal("nothing_to_do"), reason: z.string() }),
      ]),
    )
    .meta({ description: "Volunteers who declined before this version, taken off it again." }),
});

const answerView = z
  .object({ answer: z.enum(["confirm", "decline"]), reason: z.string(), answeredAt: z.string(), version: z.number() })
  .nullable();
const linkState = z.object({
  issued: z.boolean(),
  state: z.enum(["active", "expired", "revoked"]).optional(),
  createdAt: z.string().optional(),
  expiresAt: z.string().optional(),
});
const effectiveStatus = z.enum(["draft", "pending", "confirmed", "declined"]);

export const dayReport = z
  .object({
    date: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published"]),
    publishedAt: z.string().nullable(),
    counts: z.object({
      onPlan: z.number().int(),
      confirmed: z.number().int(),
      pending: z.number().int(),
      declined: z.number().int(),
    }),
    assignments: z.array(
      z.object({
        volunteerId: z.string(),
        name: z.string(),
        kind: assignmentKind,
        post: z.string(),
        buildings: z.array(z.string()),
        start: z.string(),
        end: z.string(),
        status: effectiveStatus,
        answer: answerView,
        link: linkState,
        replaces: z.string().nullable(),
      }),
    ),
    left: z
      .array(
        z.object({
          volunteerId: z.string(),
          name: z.string(),
          status: effectiveStatus,
          answer: answerView,
          replacedBy: z.string().nullable(),
          link: linkState,
        }),
      )
      .meta({ description: "Volunteers who declined and are no longer on the plan." }),
    changes: z.array(changeRecord.extend({ version: z.number().int() })),
    history: z.array(
      z.object({
        volunteerId: z.string(),
        answer: z.enum(["confirm", "decline"]),
        reason: z.string(),
        answeredAt: z.string(),
        version: z.number().int(),
        via: z.string(),
      }),
    ),
    messageParts: z.number().int(),
  })
  .meta({ description: "最新版本的分工、每人的链接状态和回复。The latest version with every link state and answer." });

export const outboxState = z.object({
  spreadsheetId: z.string().nullable(),
  pending: z.number().int().meta({ description: "Row updates waiting for the sheet." }),
  enqueued: z.number().int(),
  attempts: z.number().int().meta({ description: "Failed flushes in a row." }),
  flushes: z.number().int(),
  failures: z.number().int(),
  lastFlushAt: z.number().nullable().meta({ description: "Epoch ms." }),
  intervalMs: z.number().int().meta({
    description: "Least wait before the next flush: from 6 s up to 2 minutes while the Sheets quota is nearly spent.",
  }),
  lastError: z.string().nullable(),
  alarm: z.number().nullable().meta({ description: "Epoch ms of the next flush, or null when idle." }),
  parked: z
    .object({
      kind: z.string(),
      zh: z.string(),
      en: z.string(),
      since: z.number().meta({ description: "Epoch ms of the refusal that parked the rows." }),
    })
    .nullable()
    .meta({
      description:
        "表格一直拒绝写入时（未共享、已删除、设了保护），待写的内容先保留，每 15 分钟再试一次。Set while Google keeps refusing for good (unshared, deleted, strictly protected): the rows wait, one try every 15 minutes.",
    }),
  tokenExchanges: z.number().int().meta({
    description:
      "Access-token exchanges with Google made by the isolate serving this outbox (one an hour when the cache works; 0 with the emulator).",
  }),
});
