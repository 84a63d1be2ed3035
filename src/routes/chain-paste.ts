/**
 * Reading a pasted chain from a request: `text/plain` (the paste as is) or JSON `{ text, date? }`,
 * with the target date from `?date=` or the JSON, defaulting to tomorrow in the community's zone.
 *
 * Limits are checked while reading, so a 50 MB upload is refused after 400 KB, not buffered.
 */
import type { Context } from "hono";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { IGNORED_LISTED, MAX_CHAIN_BYTES, MAX_CHAIN_LINES, chainLines, type ChainImportPlan } from "../domain/chain.ts";
import { addDays, localDate } from "../domain/local-time.ts";
import { foldText } from "../domain/normalize.ts";
import { daysFromIso } from "../domain/normalize/calendar.ts";
import { SIGNUP_DAYS_AHEAD } from "../domain/validate.ts";

// JSON escapes ("\u5f20") can triple a paste's size on the wire; the text itself is checked after.
const MAX_BODY_BYTES = 3 * MAX_CHAIN_BYTES;

export interface Paste {
  text: string;
  date: string;
}

function tooLarge(what: string, whatEn: string): ApiError {
  return new ApiError(
    413,
    "paste_too_large",
    `粘贴的内容太大（${what}）：最多 ${MAX_CHAIN_LINES} 行、${MAX_CHAIN_BYTES / 1024} KB，请只粘贴一次接龙。`,
    `The paste is too large (${whatEn}): at most ${MAX_CHAIN_LINES} lines and ${MAX_CHAIN_BYTES / 1024} KB; paste the chain once.`,
  );
}

async function readCapped(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge(`${Math.ceil(declared / 1024)} KB`, `${Math.ceil(declared / 1024)} KB`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge(`超过 ${MAX_BODY_BYTES / 1024} KB`, `over ${MAX_BODY_BYTES / 1024} KB`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function badRequest(code: string, zh: string, en: string): ApiError {
  return new ApiError(400, code, zh, en);
}

function checkDate(date: string, today: string): string {
  const days = daysFromIso(date);
  if (days === undefined) {
    throw badRequest(
      "bad_date",
      "日期格式应为 YYYY-MM-DD，例如 2022-04-19。",
      "The date must be YYYY-MM-DD, e.g. 2022-04-19.",
    );
  }
  const ahead = days - daysFromIso(today)!;
  if (ahead < 0 || ahead > SIGNUP_DAYS_AHEAD) {
    throw badRequest(
      "date_out_of_range",
      `只能导入今天（${today}）到 ${SIGNUP_DAYS_AHEAD} 天以后的报名，${date} 不在这个范围内。`,
      `Sign-ups can be imported for today (${today}) up to ${SIGNUP_DAYS_AHEAD} days ahead; ${date} is outside that.`,
    );
  }
  return date;
}

/** The paste and the date it is imported for; throws ApiError (400/413) for what cannot be used. */
export async function readPaste(c: Context<AppEnv>, now: number): Promise<Paste> {
  const body = await readCapped(c.req.raw);
  let text = body;
  let date = c.req.query("date");
  if (/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw badRequest("bad_json", "请求体不是有效的 JSON。", "The request body is not valid JSON.");
    }
    const fields = (json ?? {}) as { text?: unknown; date?: unknown };
    if (typeof json !== "object" || typeof fields.text !== "string") {
      throw badRequest(
        "bad_json",
        "JSON 里要有 text（粘贴的接龙文字）。",
        'The JSON needs a "text" field holding the pasted chain.',
      );
    }
    if (fields.date !== undefined && typeof fields.date !== "string") {
      throw badRequest("bad_date", "date 应为 YYYY-MM-DD 字符串。", 'The "date" field must be a YYYY-MM-DD string.');
    }
    text = fields.text;
    date ??= fields.date as string | undefined;
  }
  if (new TextEncoder().encode(text).byteLength > MAX_CHAIN_BYTES) {
    throw tooLarge(`超过 ${MAX_CHAIN_BYTES / 1024} KB`, `over ${MAX_CHAIN_BYTES / 1024} KB`);
  }
  const lines = chainLines(text).length;
  if (lines > MAX_CHAIN_LINES) throw tooLarge(`${lines} 行`, `${lines} lines`);
  if (foldText(text) === "") {
    throw badRequest(
      "empty_paste",
      "没有粘贴内容：请把群里的接龙整段复制过来。",
      "Nothing was pasted: copy the whole chain message from the group.",
    );
  }
  const community = c.var.community;
  const today = localDate(now, community.timeZone);
  return { text, date: checkDate(date ?? addDays(today, 1), today) };
}

/** The 422 answer for a chain that was refused whole: why, and what was read of it. */
export function refusedBody(plan: ChainImportPlan) {
  const refusal = plan.refusal!;
  return {
    ...new ApiError(422, refusal.code, refusal.zh, refusal.en).toBody(),
    date: plan.date,
    chain: plan.chain,
    added: 0,
    unmatched: plan.unmatched.map((u) => ({
      lineNumber: u.line.lineNumber,
      line: u.line.raw,
      code: u.code,
      zh: u.zh,
      en: u.en,
    })),
    ignored: plan.ignored
      .slice(0, IGNORED_LISTED)
      .map((l) => ({ lineNumber: l.lineNumber, line: l.raw, reason: l.reason, zh: l.zh, en: l.en })),
    ignoredCount: plan.ignored.length,
  };
}
