/**
 * Text folding shared by every normalizer: what organizers paste from WeChat arrives with
 * full-width digits (１２), ideographic spaces, zero-width joiners and a BOM, none of which change
 * what they meant.
 */

/**
 * Unicode format characters (category Cf): zero-width space and joiners, word joiner, BOM, soft
 * hyphen, and the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F). Invisible in the
 * sheet, yet they make "138\u200b0013 8000" fail a digit check, and a right-to-left override
 * (U+202E) typed into a place name would reverse what a volunteer's page, the .ics LOCATION and
 * the group message show after it. Every text an organizer types passes through `foldText` or
 * `tidyText`, so stripping them here keeps them out of everything we show. Stripping U+200D (ZWJ)
 * splits a compound emoji into its parts (👨‍👩‍👧 shows as three faces): acceptable for a roster.
 */
export const FORMAT_CHARACTERS = /\p{Cf}/gu;

/**
 * Free text (notes, places, units) as the organizer wrote it, minus format characters and runs of
 * white space. Unlike `foldText` it keeps full-width punctuation: "阳性，隔离中" is shown to
 * people, not compared.
 *
 * @example tidyText("东门\u202E口  集合") // "东门口 集合"
 */
export function tidyText(text: string): string {
  return text.replace(FORMAT_CHARACTERS, "").replace(/\s+/g, " ").trim();
}

/**
 * Folds width (NFKC: full-width digits, letters and punctuation to ASCII), strips invisible
 * characters, collapses runs of white space (including U+3000 and NBSP) to one space and trims.
 *
 * @example foldText("\uFEFF１２３\u3000４ ") // "123 4"
 */
export function foldText(text: string): string {
  return text
    .replace(FORMAT_CHARACTERS, "")
    .normalize("NFKC")
    .replace(FORMAT_CHARACTERS, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * `foldText` plus lower case: the form used to compare words typed in either script or case.
 *
 * @example foldKey(" ＹＥＳ ") // "yes"
 */
export function foldKey(text: string): string {
  return foldText(text).toLowerCase();
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** The characters `parseChineseNumeral` reads, for building regular expressions. */
export const CN_NUMERAL_CHARS = "零〇一二两兩三四五六七八九十";

/**
 * Reads a Chinese numeral from 0 to 99 (三, 十, 十二, 二十, 九十九), or undefined.
 * Larger numbers never name a building, month, day or hour, so they are not guessed at.
 *
 * @example parseChineseNumeral("二十三") // 23
 */
export function parseChineseNumeral(text: string): number | undefined {
  if (text.length === 0 || text.length > 3) return undefined;
  const ten = text.indexOf("十");
  if (ten === -1) return text.length === 1 ? CN_DIGITS[text] : undefined;
  if (text.indexOf("十", ten + 1) !== -1) return undefined;
  const tensText = text.slice(0, ten);
  const unitsText = text.slice(ten + 1);
  const tens = tensText === "" ? 1 : tensText.length === 1 ? CN_DIGITS[tensText] : undefined;
  const units = unitsText === "" ? 0 : unitsText.length === 1 ? CN_DIGITS[unitsText] : undefined;
  if (tens === undefined || units === undefined || tens === 0) return undefined;
  // "零十" and "十零" are not numerals anyone writes.
  if (unitsText !== "" && units === 0) return undefined;
  return tens * 10 + units;
}

/**
 * Reads ASCII digits or a Chinese numeral (see `parseChineseNumeral`), or undefined.
 *
 * @example parseSmallNumber("12") // 12
 */
export function parseSmallNumber(text: string): number | undefined {
  if (/^\d{1,9}$/.test(text)) return Number(text);
  return parseChineseNumeral(text);
}
