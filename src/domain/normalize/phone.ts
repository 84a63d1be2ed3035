/**
 * Mainland China mobile numbers as people actually type them into a roster:
 * "138 0013 8000", "138-0013-8000", "+86 13800138000", "0086 138...", "(+86)138...", full width.
 */
import { blank, fail, ok, type Parsed } from "./result.ts";
import { foldText } from "./text.ts";

export type PhoneFailureReason = "empty" | "letters" | "symbols" | "too_short" | "too_long" | "not_mobile";

const MOBILE = /^1[3-9]\d{9}$/;
// Separators people put between digit groups; anything else is not part of a phone number.
const SEPARATORS = /[\s\-–—−.·()]/g;

/**
 * Reads a Chinese mobile number as its 11 digits `1[3-9]xxxxxxxxx`.
 * Accepts spaces, dashes, dots and parentheses inside, a `+86` / `0086` / `86` country prefix and
 * full-width digits. Landlines, foreign numbers and anything with letters fail with a reason.
 *
 * @example normalizePhone("+86 138-0013-8000") // { ok: true, value: "13800138000" }
 * @example normalizePhone("1380013800").ok // false (reason "too_short")
 */
export function normalizePhone(text: string): Parsed<string, PhoneFailureReason> {
  const folded = foldText(text);
  if (folded === "") return blank();
  if (/\p{L}/u.test(folded)) {
    return fail(
      "letters",
      "手机号只能写数字，不要夹带文字。",
      "A phone number is digits only, without words or letters.",
    );
  }
  let rest = folded.replace(SEPARATORS, "");
  let international = false;
  if (rest.startsWith("+")) {
    international = true;
    rest = rest.slice(1);
  }
  if (!/^\d+$/.test(rest)) {
    return fail("symbols", "手机号里有多余的符号。", "The phone number contains stray symbols.");
  }
  if (international || rest.startsWith("00")) {
    if (rest.startsWith("00")) rest = rest.slice(2);
    if (!rest.startsWith("86")) {
      return fail(
        "not_mobile",
        "只支持中国大陆手机号（+86）。",
        "Only mainland China mobile numbers (+86) are supported.",
      );
    }
    rest = rest.slice(2);
  } else if (rest.startsWith("86") && rest.length > 11) {
    // No mobile number starts with 86, so a longer number that does carries the country code.
    rest = rest.slice(2);
  }
  if (rest.length < 11) {
    return fail(
      "too_short",
      `手机号应为11位，这里只有${rest.length}位。`,
      `A mobile number has 11 digits; this has ${rest.length}.`,
    );
  }
  if (rest.length > 11) {
    return fail(
      "too_long",
      `手机号应为11位，这里有${rest.length}位。`,
      `A mobile number has 11 digits; this has ${rest.length}.`,
    );
  }
  if (!MOBILE.test(rest)) {
    return fail(
      "not_mobile",
      "不是手机号：手机号以13–19开头（座机请写在备注里）。",
      "Not a mobile number: mobile numbers start with 13–19 (put landlines in the note).",
    );
  }
  return ok(rest);
}

export type PhoneTailFailureReason = "empty" | "no_tail";

/**
 * Finds the last four digits of a phone number in text from a sign-up chain, where people tell
 * apart namesakes by 尾号: "尾号1234", "尾号:1234", "后四位 1234", "王芳(1234)", a bare "1234" or a
 * whole mobile number.
 *
 * @example phoneTail("王芳 尾号：１２３４") // { ok: true, value: "1234" }
 * @example phoneTail("王芳(1234)") // { ok: true, value: "1234" }
 */
export function phoneTail(text: string): Parsed<string, PhoneTailFailureReason> {
  const folded = foldText(text);
  if (folded === "") return blank();
  const labelled = /(?:尾号|尾數|尾数|后四位|后4位|後四位)\s*(?:是|为|為)?\s*:?\s*(\d{4})(?!\d)/.exec(folded);
  if (labelled) return ok(labelled[1]!);
  const bracketed = /\(\s*(\d{4})\s*\)/.exec(folded);
  if (bracketed) return ok(bracketed[1]!);
  if (/^\d{4}$/.test(folded)) return ok(folded);
  const whole = normalizePhone(folded);
  if (whole.ok) return ok(whole.value.slice(-4));
  const embedded = /(?<!\d)1[3-9]\d{9}(?!\d)/.exec(folded);
  if (embedded) return ok(embedded[0].slice(-4));
  return fail(
    "no_tail",
    "找不到手机尾号，请写成“尾号1234”。",
    'No phone tail found; write it as "尾号1234" (last four digits).',
  );
}
