/**
 * The part of the day a chain line names, as groups write it: words ("全天", "上午", "AM"), time
 * ranges ("8-12点", "下午2-5点"), an hour from or until ("下午两点后", "14点以后", "12点前"), and
 * refusals ("下午不行", "下午有会", "上午要上班").
 *
 * Explicit rules:
 * - A part of the day followed by a refusal is not offered: "上午可以 下午有会" is the morning,
 *   and so is "下午不行" alone.
 * - Parts offered add up: "上午 下午" is all day.
 * - A part offered that covers a part refused ("上午 下午不行 全天", "全天 下午有事") contradicts
 *   itself, and a line refusing every part offers none ("上午和下午都不行"): either is reported
 *   to the organizer with its words, never guessed.
 * - "两点后" with no 上午/下午 is the afternoon: nobody signs up for 2 a.m.; an hour from 7 to 11
 *   ("9点后") says too little (the morning's end, or the whole day?) and is left as comment.
 */
import { normalizeAvailability, type Availability } from "../normalize.ts";

// Refusals after a part of the day: "下午不行", "上午有事", "下午有会", "上午要上班". Not 值班:
// "上午值班" is the volunteer's own shift.
const REFUSAL =
  "(?:不行|不可以|不能|不来|不方便|没空|沒空|没时间|沒時間|有事|不在|有会|要开会|开会|有课|要上班|上班|加班|没法|忙|not?(?![a-z]))";
// "上午都可以", "下午OK": the suffix confirms the part of the day, it does not widen it.
const CONFIRM = "(?:都?(?:可以|行|ok|没问题|有空))?";

const WORDS: ReadonlyArray<readonly [string, Availability]> = [
  ["上午\\s*[+和&/、,及]?\\s*下午", "all_day"],
  ["上下午", "all_day"],
  ["一整天", "all_day"],
  ["整天", "all_day"],
  ["全天", "all_day"],
  ["全日", "all_day"],
  ["一天都(?:可以|行)", "all_day"],
  ["都可以", "all_day"],
  ["都行", "all_day"],
  ["(?<![a-z])(?:all|full|whole)\\s*day(?![a-z])", "all_day"],
  ["(?<![a-z])am\\s*[+&/]\\s*pm(?![a-z])", "all_day"],
  ["上半天", "am"],
  ["上午", "am"],
  ["早上", "am"],
  ["早晨", "am"],
  ["(?<![a-z])morning(?![a-z])", "am"],
  ["(?<![a-z])a\\.?m\\.?(?![a-z])", "am"],
  ["下半天", "pm"],
  ["下午", "pm"],
  ["(?<![a-z])afternoon(?![a-z])", "pm"],
  ["(?<![a-z])p\\.?m\\.?(?![a-z])", "pm"],
];

/** A part of the day in words, with what follows it: group 1 the word, 3 a refusal. */
export const DAY_PART_WORD = new RegExp(
  `(${WORDS.map(([w]) => `(?:${w})`).join("|")})(${CONFIRM})(\\s*(?:都|也)?${REFUSAL})?`,
  "giu",
);
const BY_WORD = WORDS.map(([w, value]) => [new RegExp(`^(?:${w})$`, "iu"), value] as const);

// "8-12点", "8:00-12:00", "下午2-5点", "13点到17点", "2-5pm". Checked by normalizeAvailability.
export const TIME_RANGE =
  /(?<![\d:.-])(?:(?:上午|下午|早上|中午|晚上)\s*)?\d{1,2}(?::\d{2})?\s*(?:点|時|时|am|pm)?半?\s*(?:-|~|到|至|—|–)\s*(?:(?:上午|下午|中午|晚上)\s*)?\d{1,2}(?::\d{2})?\s*(?:点|時|时)?半?(?:\s*(?:am|pm))?(?![\d:])/giu;

// "下午两点后", "14点以后", "2点开始", "12点前", "上午10点之前": group 1 the prefix, 2 the hour, 3 after/before.
export const TIME_FROM_UNTIL =
  /(?<![\d:.-])(?:(上午|下午|早上|中午)\s*)?(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?::\d{2}|点|時|时)\s*(?:半|\d{1,2}分?)?\s*(以后|之后|后|开始|起|以前|之前|前)/gu;

const CN_DIGITS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

function hourOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  // 十 = 10, 十二 = 12, 二十 = 20
  const [tens, ones] = text.includes("十") ? text.split("十") : ["", text];
  return (text.includes("十") ? (tens === "" ? 1 : (CN_DIGITS[tens!] ?? 0)) * 10 : 0) + (CN_DIGITS[ones!] ?? 0);
}

/**
 * The part of the day an hour from or until says; "" when it says too little.
 *
 * @example fromUntil(["下午两点后", "下午", "两", "后"]) // "pm"
 */
export function fromUntil(m: RegExpExecArray): Availability | "" {
  const prefix = m[1];
  let hour = hourOf(m[2]!);
  if ((prefix === "下午" || prefix === "中午") && hour < 12) hour += 12;
  const after = !/前/u.test(m[3]!);
  if (after) {
    if (hour >= 12 || (prefix === undefined && hour >= 1 && hour <= 6)) return hour < 20 ? "pm" : "";
    return prefix === "上午" || prefix === "早上" ? "am" : "";
  }
  if (hour > 12 && hour <= 20) return "all_day";
  return hour >= 8 && hour <= 12 ? "am" : "";
}

/** A part of the day in words ("上午", "AM+PM"), or undefined. */
export function wordDayPart(word: string): Availability | undefined {
  const compact = word.trim();
  return BY_WORD.find(([re]) => re.test(compact))?.[1];
}

/**
 * What one DAY_PART_WORD match offers and refuses. A refusal after "上午 下午" refuses only the
 * afternoon: "上午 下午不行" offers the morning (but "上午和下午都不行" refuses both).
 *
 * @example wordMatch(DAY_PART_WORD.exec("上午 下午不行")!) // { offered: ["am"], refused: ["pm"] }
 */
export function wordMatch(m: RegExpExecArray): { offered: Availability[]; refused: Availability[] } {
  const value = wordDayPart(m[1]!);
  if (value === undefined) return { offered: [], refused: [] };
  if (m[3] === undefined) return { offered: [value], refused: [] };
  // "上午和下午都不行" refuses both; "上午 下午不行" (no 和) refuses the afternoon only.
  if (/^上午[\s,、]*下午$/u.test(m[1]!.trim())) return { offered: ["am"], refused: ["pm"] };
  return { offered: [], refused: [value] };
}

/** A time range's part of the day ("8-12点" -> am), or "" when it is not a real range. */
export function rangeDayPart(text: string): Availability | "" {
  const read = normalizeAvailability(text);
  return read.ok ? read.value : "";
}

/** Several parts offered on one line add up: "上午" and "下午" are all day. */
export function unionDayParts(values: readonly Availability[]): Availability | null {
  if (values.length === 0) return null;
  if (values.includes("all_day")) return "all_day";
  return values.includes("am") && values.includes("pm") ? "all_day" : values[0]!;
}

const covers = (offered: Availability, refused: Availability) =>
  refused !== "all_day" && (offered === refused || offered === "all_day");

type Said = ReadonlyArray<{ value: Availability; text: string }>;

/**
 * The part of the day a line offers: what it offers, all added up; when it offers nothing but
 * refuses one part ("下午不行"), the other part. Null when it says nothing the organizer can use.
 *
 * @example lineDayPart([], [{ value: "pm", text: "下午不行" }]) // "am"
 */
export function lineDayPart(offered: Said, refused: Said): Availability | null {
  const union = unionDayParts(offered.map((o) => o.value));
  if (union !== null || refused.length === 0) return union;
  const parts = new Set(refused.map((r) => r.value));
  if (parts.size !== 1 || parts.has("all_day")) return null;
  return parts.has("am") ? "pm" : "am";
}

/**
 * The words of a line that leave its part of the day unclear, for the organizer to ask about; []
 * when it is clear. Either an offered part covers a refused one ("全天" and "下午不行"), or the line
 * refuses every part and offers none ("上午和下午都不行", "全天不行"). A refused "全天不行" next to
 * "上午可以" is clear: the morning.
 *
 * @example dayPartConflict([{ value: "all_day", text: "全天" }], [{ value: "pm", text: "下午不行" }]) // ["全天", "下午不行"]
 */
export function dayPartConflict(offered: Said, refused: Said): string[] {
  for (const r of refused) {
    const o = offered.find((x) => covers(x.value, r.value));
    if (o) return [o.text, r.text];
  }
  if (offered.length > 0 || refused.length === 0) return [];
  return lineDayPart(offered, refused) === null ? refused.map((r) => r.text) : [];
}
