/**
 * People's names as they arrive from WeChat nicknames and hand-typed rosters: "🌸王芳~",
 * "☀️ 李 伟", "阿依古丽·买买提", "Ｌｉｕ Ｗｅｉ". Normalizing keeps what identifies the person
 * (Chinese, Latin letters, digits that tell namesakes apart, the middle dot of minority names) and
 * drops decoration.
 */
import { foldText } from "./text.ts";

// Variation selectors, the keycap mark and emoji tags are marks/format characters that would
// otherwise survive the letter filter below as part of an emoji.
const EMOJI_PARTS = /\p{Variation_Selector}|\u20E3|\u200D|[\u{E0020}-\u{E007F}]/gu;
// Dots people use between the parts of a transliterated name.
const DOTS = /[\u00B7\u2022\u2027\u2219\u22C5\u30FB\uFF65\u0387]/g;

/**
 * Folds width and spaces, removes emoji and decorative symbols, unifies the middle dot, and drops
 * spaces next to Chinese characters ("王  芳" pads two-character names). Latin names keep one
 * space between words and their inner hyphens and apostrophes.
 *
 * @example normalizeName("🌸王 芳~") // "王芳"
 * @example normalizeName("阿依古丽 • 买买提") // "阿依古丽·买买提"
 */
export function normalizeName(text: string): string {
  return (
    foldText(text.replace(EMOJI_PARTS, ""))
      .replace(DOTS, "·")
      .replace(/[’ʼ`]/g, "'")
      .replace(/[^\p{L}\p{M}\p{N}·' -]/gu, " ")
      .replace(/(?<!\p{L})['-]+|['-]+(?!\p{L})/gu, " ")
      // Collapse spaces before the dot rule so it never rescans long runs of them.
      .replace(/\s+/g, " ")
      .replace(/ ?·[ ·]*/g, "·")
      .replace(/^[ ·]+|[ ·]+$/g, "")
      .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, "")
      .trim()
  );
}

/**
 * The form two names are compared in: normalized, lower case, without spaces, dots, hyphens or
 * apostrophes — people often omit the middle dot or write "LiWei" for "Li Wei".
 *
 * @example nameKey("Li·Wei") === nameKey("liwei") // true
 */
export function nameKey(text: string): string {
  return normalizeName(text)
    .toLowerCase()
    .replace(/[\s·'-]/g, "");
}

/**
 * Whether two cells name the same person (both non-empty after normalizing).
 *
 * @example namesMatch("🌸王芳", "王 芳") // true
 */
export function namesMatch(a: string, b: string): boolean {
  const key = nameKey(a);
  return key !== "" && key === nameKey(b);
}
