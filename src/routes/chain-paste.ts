/**
 * A pasted chain as `signups/import` takes it: `text/plain` (the paste as is) or JSON
 * `{ text, date? }` (shape checked by ./api-schemas/inputs.ts), with the target date from
 * `?date=` or the JSON, defaulting to tomorrow in the community's zone.
 *
 * The body is capped while it is read (`pasteLimit`), so a 50 MB upload is refused after 600 KB,
 * not buffered; the text's own size and line count are checked after.
 */
import { ApiError } from "../api-error.ts";
import type { Community } from "../community.ts";
import type { BodyLimit } from "./api-validation.ts";
import {
  MAX_CHAIN_BYTES,
  MAX_CHAIN_LINES,
  chainLines,
  ignoredLines,
  unmatchedLines,
  type ChainImportPlan,
} from "../domain/chain.ts";
import { addDays, localDate } from "../domain/local-time.ts";
import { foldText } from "../domain/normalize.ts";
import { daysFromIso } from "../domain/normalize/calendar.ts";
import { SIGNUP_DAYS_AHEAD } from "../domain/validate.ts";

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

/** JSON escapes ("\u5f20") can triple a paste's size on the wire; the text itself is checked after. */
export const pasteLimit: BodyLimit = { maxBytes: 3 * MAX_CHAIN_BYTES, tooLarge };

function badRequest(code: string, zh: string, en: string): ApiError {
  return new ApiError(400, code, zh, en);
}

/** `date` is a real date (checked by the schema) or tomorrow; it must be today…+7 days. */
function checkDate(date: string, today: string): string {
  const ahead = daysFromIso(date)! - daysFromIso(today)!;
  if (ahead < 0 || ahead > SIGNUP_DAYS_AHEAD) {
    throw badRequest(
      "date_out_of_range",
      `只能导入今天（${today}）到 ${SIGNUP_DAYS_AHEAD} 天以后的报名，${date} 不在这个范围内。`,
      `Sign-ups can be imported for today (${today}) up to ${SIGNUP_DAYS_AHEAD} days ahead; ${date} is outside that.`,
    );
  }
  return date;
}

/**
 * The paste and the date it is imported for (`date` from `?date=` or the JSON, already a real
 * date); throws ApiError 413 (too long) or 400 (empty, date outside today…+7 days).
 */
export function checkPaste(text: string, date: string | undefined, community: Community, now: number): Paste {
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
  const today = localDate(now, community.timeZone);
  return { text, date: checkDate(date ?? addDays(today, 1), today) };
}

/** The 422 answer for a chain that was refused whole: why, and what was read of it (lists capped). */
export function refusedBody(plan: ChainImportPlan) {
  const refusal = plan.refusal!;
  return {
    ...new ApiError(422, refusal.code, refusal.zh, refusal.en).toBody(),
    date: plan.date,
    chain: plan.chain,
    added: 0,
    ...unmatchedLines(plan),
    ...ignoredLines(plan),
  };
}
