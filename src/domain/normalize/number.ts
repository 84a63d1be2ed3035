/**
 * Counts and amounts: "12", "１２", "12户", "12 人", "12.0", "1,200", "十二" for integer columns and
 * "0.5" / "0.2升" for `number` columns. Ranges (no negative households) are the validator's call.
 */
import { blank, fail, ok, type Failure, type Parsed } from "./result.ts";
import { foldText, parseChineseNumeral } from "./text.ts";

export type IntegerFailureReason = "empty" | "not_a_number" | "not_whole" | "too_large";
export type DecimalFailureReason = "empty" | "not_a_number" | "too_large";

// Units people append to counts in this workbook (households, people, parcels, supplies).
const UNIT =
  /\s*(?:户|戶|人|个|個|件|套|副|双|雙|升|位|名|箱|包|盒|份|只|条|條|次|岁|歲|袋|瓶|张|張|支|卷|桶|pcs|pc|people|persons|households|homes|parcels|items)$/i;
// Digits with optional thousands commas and decimals: "1,200", "12.0", ".5", "-3".
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

function readNumber(text: string): Parsed<number, DecimalFailureReason> {
  const folded = foldText(text);
  if (folded === "") return blank();
  // Longer than any count; the cap keeps the pattern cheap.
  if (folded.length > 40) return notANumber();
  const bare = folded.replace(UNIT, "");
  const chinese = parseChineseNumeral(bare);
  if (chinese !== undefined) return ok(chinese);
  if (!NUMBER.test(bare) || !/\d/.test(bare)) return notANumber();
  const value = Number(bare.replace(/,/g, ""));
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return fail("too_large", "数字太大了。", "The number is too large.");
  }
  // "-0" is 0: a sheet never means negative zero.
  return ok(value === 0 ? 0 : value);
}

function notANumber(): Failure<"not_a_number"> {
  return fail("not_a_number", "请填数字，例如 12。", "Write a number, e.g. 12.");
}

/**
 * Reads a whole number; a unit after it (户, 人, 件…) and thousands commas are allowed.
 *
 * @example parseInteger("１,２００户") // { ok: true, value: 1200 }
 * @example parseInteger("12.5").ok // false (reason "not_whole")
 */
export function parseInteger(text: string): Parsed<number, IntegerFailureReason> {
  const read = readNumber(text);
  if (!read.ok) return read;
  if (!Number.isInteger(read.value)) {
    return fail(
      "not_whole",
      `这里要填整数，${read.value} 不是整数。`,
      `This column takes whole numbers; ${read.value} is not.`,
    );
  }
  return read;
}

/**
 * Reads a decimal number for `number` columns ("0.5", "0.2升", "1,200.5").
 *
 * @example parseDecimal("0.5") // { ok: true, value: 0.5 }
 */
export function parseDecimal(text: string): Parsed<number, DecimalFailureReason> {
  return readNumber(text);
}
