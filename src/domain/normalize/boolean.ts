/**
 * Yes/no cells: the dropdown writes "是 Yes" / "否 No", but organizers also type 是, 对, Y, TRUE,
 * 1, ✓, 在, 有效 — or the negatives — and leave cells blank.
 */
import { fail, ok, type Parsed } from "./result.ts";
import { foldKey } from "./text.ts";

export type BooleanFailureReason = "unrecognized";

const TRUE_WORDS = [
  "是",
  "是的",
  "对",
  "對",
  "有",
  "y",
  "yes",
  "true",
  "1",
  "✓",
  "✔",
  "√",
  "☑",
  "✅",
  "在",
  "在册",
  "有效",
  "ok",
];
const FALSE_WORDS = [
  "否",
  "不是",
  "错",
  "錯",
  "无",
  "無",
  "没有",
  "n",
  "no",
  "false",
  "0",
  "✗",
  "✘",
  "×",
  "☐",
  "❌",
  "不在",
  "无效",
  "無效",
];

const WORDS: ReadonlyMap<string, boolean> = new Map([
  ...TRUE_WORDS.map((w) => [w, true] as const),
  ...FALSE_WORDS.map((w) => [w, false] as const),
]);

/**
 * Reads a yes/no cell. Blank is `{ ok: true, value: undefined }` so the caller applies the
 * column's default; a bilingual label ("是 Yes", "否(No)") counts when every word agrees.
 * "x" is deliberately unknown: in a checkbox column it means ticked, elsewhere it means no.
 *
 * @example normalizeBoolean("是 Yes") // { ok: true, value: true }
 * @example normalizeBoolean("") // { ok: true, value: undefined }
 * @example normalizeBoolean("也许").ok // false
 */
export function normalizeBoolean(text: string): Parsed<boolean | undefined, BooleanFailureReason> {
  const folded = foldKey(text);
  if (folded === "") return ok(undefined);
  const whole = WORDS.get(folded);
  if (whole !== undefined) return ok(whole);
  const words = folded.split(/[\s/()|,]+/).filter((w) => w !== "");
  const values = new Set(words.map((w) => WORDS.get(w)));
  if (words.length > 1 && values.size === 1 && !values.has(undefined)) return ok(values.has(true));
  return fail("unrecognized", "请填“是”或“否”。", 'Write "是 Yes" or "否 No".');
}
