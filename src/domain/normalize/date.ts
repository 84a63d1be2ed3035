/**
 * Dates as organizers write them — "2022-04-18", "2022/4/18", "4月18日", "4/18", "明天", "周二",
 * a Sheets serial such as 44669 — read as "YYYY-MM-DD" relative to the community's today.
 *
 * Explicit rules for input that could mean two things:
 * - No year ("4月18日", "4/18"): the year that puts the date nearest to today (a tie goes to the
 *   later date, since sign-ups look ahead), so a sheet read on 12-30 takes "1/2" as next January.
 * - Year first ("2022/4/5"): always year-month-day, the Chinese and ISO order.
 * - Year last ("18/04/2022", "04/18/2022"): if the first number is over 12 it is the day; if the
 *   second is over 12 it is the day; if both are 12 or less and differ, the cell is `ambiguous`
 *   (day/month and month/day locales both produce this form) and the organizer is asked to
 *   write YYYY-MM-DD.
 * - No year, two numbers ("4/5"): month/day, as Chinese writes dates; only "18/4", where the first
 *   cannot be a month, is read as day/month.
 * - A weekday alone ("周二", "Tue"): the next such day after today; today's own weekday means a
 *   week from today. A weekday written beside a date ("4月19日(周二)") must agree with it.
 * - A 5-digit number is a Google Sheets serial date only between 2000-01-01 and 2099-12-31.
 */
import { daysFromCivil, daysFromIso, isValidCivil, isoFromDays, civilFromDays, weekdayOfDays } from "./calendar.ts";
import { blank, fail, ok, type Failure, type Parsed } from "./result.ts";
import { CN_NUMERAL_CHARS, foldKey, parseSmallNumber } from "./text.ts";

/** Today in the community's time zone, computed by the caller (the domain has no clock). */
export interface DateContext {
  today: string;
  /**
   * The spreadsheet writes dates month first (en_US): Google shows every date typed there as
   * m/d/yyyy, so `12/1/2026` is December 1st there, not ambiguous.
   */
  monthFirst?: boolean;
}

export type DateFailureReason = "empty" | "unrecognized" | "invalid" | "ambiguous" | "weekday_mismatch";

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
// Sheets serials count days from 1899-12-30; 1970-01-01 is serial 25569.
const SERIAL_EPOCH = 25569;
const MIN_SERIAL = 36526; // 2000-01-01
const MAX_SERIAL = 73050; // 2099-12-31

const RELATIVE: Readonly<Record<string, number>> = {
  今天: 0,
  今日: 0,
  today: 0,
  明天: 1,
  明日: 1,
  tomorrow: 1,
  后天: 2,
  後天: 2,
  "the day after tomorrow": 2,
  "day after tomorrow": 2,
  大后天: 3,
  大後天: 3,
};

const CN_WEEKDAY: Readonly<Record<string, number>> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const EN_WEEKDAY: ReadonlyArray<readonly [string, number]> = [
  ["sunday", 0],
  ["sun", 0],
  ["monday", 1],
  ["mon", 1],
  ["tuesday", 2],
  ["tues", 2],
  ["tue", 2],
  ["wednesday", 3],
  ["wed", 3],
  ["thursday", 4],
  ["thurs", 4],
  ["thur", 4],
  ["thu", 4],
  ["friday", 5],
  ["fri", 5],
  ["saturday", 6],
  ["sat", 6],
];
const WEEKDAY = `(?:周|週|星期|礼拜|禮拜)[一二三四五六日天七]|${EN_WEEKDAY.map(([w]) => w).join("|")}`;
const WEEKDAY_AT_END = new RegExp(`^(.*?)(?<![a-z])[\\s,]*\\(?\\s*(${WEEKDAY})\\.?\\s*\\)?$`);
const WEEKDAY_AT_START = new RegExp(`^\\(?(${WEEKDAY})\\.?\\)?(?![a-z])[\\s,]*(.*)$`);
const WEEKDAY_NAMES_ZH = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
const WEEKDAY_NAMES_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function weekdayNumber(token: string): number {
  const cn = CN_WEEKDAY[token.slice(-1)];
  if (/^[周週星礼禮]/.test(token) && cn !== undefined) return cn;
  const en = EN_WEEKDAY.find(([w]) => w === token);
  if (!en) throw new Error(`weekdayNumber: not a weekday token: ${token}`);
  return en[1];
}

/** Splits a weekday off either end: "4月19日(周二)" -> ["4月19日", 2]. */
function splitWeekday(text: string): { rest: string; weekday?: number } {
  const end = WEEKDAY_AT_END.exec(text);
  if (end) return { rest: end[1]!.trim(), weekday: weekdayNumber(end[2]!) };
  const start = WEEKDAY_AT_START.exec(text);
  if (start) return { rest: start[2]!.trim(), weekday: weekdayNumber(start[1]!) };
  return { rest: text };
}

const HINT_ZH = "请写成 2022-04-18 这样的格式（年-月-日）。";
const HINT_EN = "Write it as YYYY-MM-DD, e.g. 2022-04-18.";

function unrecognized(): Failure<"unrecognized"> {
  return fail("unrecognized", `看不懂这个日期。${HINT_ZH}`, `Not a date this sheet can read. ${HINT_EN}`);
}

function invalid(year: number | undefined, month: number, day: number): Failure<"invalid"> {
  const what = year === undefined ? `${month}月${day}日` : `${year}年${month}月${day}日`;
  const whatEn = year === undefined ? `month ${month}, day ${day}` : `${year}, month ${month}, day ${day}`;
  return fail("invalid", `没有这一天：${what}。${HINT_ZH}`, `No such day: ${whatEn}. ${HINT_EN}`);
}

function civil(year: number, month: number, day: number): Parsed<number, DateFailureReason> {
  if (year < MIN_YEAR || year > MAX_YEAR || !isValidCivil(year, month, day)) return invalid(year, month, day);
  return ok(daysFromCivil(year, month, day));
}

/** The month/day occurrence nearest to today (ties to the later one). */
function nearest(month: number, day: number, today: number): Parsed<number, DateFailureReason> {
  const { year } = civilFromDays(today);
  let best: { days: number; distance: number } | undefined;
  for (const y of [year - 1, year, year + 1]) {
    if (!isValidCivil(y, month, day)) continue;
    const days = daysFromCivil(y, month, day);
    const distance = Math.abs(days - today);
    if (!best || distance < best.distance || (distance === best.distance && days > best.days))
      best = { days, distance };
  }
  return best ? ok(best.days) : invalid(undefined, month, day);
}

function yearLast(a: number, b: number, year: number, monthFirst = false): Parsed<number, DateFailureReason> {
  if (monthFirst) return civil(year, a, b);
  if (a > 12 && b <= 12) return civil(year, b, a);
  if (b > 12 && a <= 12) return civil(year, a, b);
  if (a > 12 && b > 12) return invalid(year, a, b);
  // Same number twice reads the same either way.
  if (a === b) return civil(year, a, b);
  const asMonthDay = civil(year, a, b);
  const asDayMonth = civil(year, b, a);
  const first = asMonthDay.ok ? isoFromDays(asMonthDay.value) : `${year}-${a}-${b}`;
  const second = asDayMonth.ok ? isoFromDays(asDayMonth.value) : `${year}-${b}-${a}`;
  return fail(
    "ambiguous",
    `日期有歧义：${a}/${b}/${year} 可能是${year}年${a}月${b}日，也可能是${year}年${b}月${a}日。请写成 ${first} 或 ${second}（年-月-日）。`,
    `Ambiguous date: ${a}/${b}/${year} may be month/day or day/month. Write ${first} or ${second} (YYYY-MM-DD).`,
  );
}

const NUM = `(\\d{1,2}|[${CN_NUMERAL_CHARS}]{1,3})`;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YMD_CN = new RegExp(`^(\\d{4})年${NUM}月${NUM}[日号號]?$`);
const MD_CN = new RegExp(`^${NUM}月${NUM}[日号號]?$`);
const DMY_OR_MDY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const MD = /^(\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^(\d{5})(?:\.\d+)?$/;

/** Reads the date part (spaces removed) as days since 1970-01-01. */
function parseCore(core: string, today: number, monthFirst = false): Parsed<number, DateFailureReason> {
  const relative = RELATIVE[core];
  if (relative !== undefined) return ok(today + relative);
  let m = YMD.exec(core) ?? COMPACT.exec(core);
  if (m) return civil(Number(m[1]), Number(m[2]), Number(m[3]));
  m = YMD_CN.exec(core);
  if (m) {
    const [month, day] = [parseSmallNumber(m[2]!), parseSmallNumber(m[3]!)];
    if (month === undefined || day === undefined) return unrecognized();
    return civil(Number(m[1]), month, day);
  }
  m = MD_CN.exec(core);
  if (m) {
    const [month, day] = [parseSmallNumber(m[1]!), parseSmallNumber(m[2]!)];
    if (month === undefined || day === undefined) return unrecognized();
    return nearest(month, day, today);
  }
  m = DMY_OR_MDY.exec(core);
  if (m) return yearLast(Number(m[1]), Number(m[2]), Number(m[3]), monthFirst);
  m = MD.exec(core);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a > 12 && b <= 12 ? nearest(b, a, today) : nearest(a, b, today);
  }
  m = SERIAL.exec(core);
  if (m) {
    const serial = Number(m[1]);
    if (serial >= MIN_SERIAL && serial <= MAX_SERIAL) return ok(serial - SERIAL_EPOCH);
  }
  return unrecognized();
}

/**
 * Reads a date cell as "YYYY-MM-DD" (see the module comment for the rules on ambiguous input).
 * Throws only if `context.today` is not a valid "YYYY-MM-DD" — that is the caller's bug.
 *
 * @example normalizeDate("4月18日", { today: "2022-04-17" }) // { ok: true, value: "2022-04-18" }
 * @example normalizeDate("1/2", { today: "2022-12-30" }) // { ok: true, value: "2023-01-02" }
 * @example normalizeDate("04/05/2022", { today: "2022-04-01" }).ok // false (reason "ambiguous")
 */
export function normalizeDate(text: string, context: DateContext): Parsed<string, DateFailureReason> {
  const today = daysFromIso(context.today);
  if (today === undefined) throw new Error(`normalizeDate: today must be a valid YYYY-MM-DD, got "${context.today}"`);
  const folded = foldKey(text);
  if (folded === "") return blank();
  // No date is this long; the cap keeps the patterns below cheap on pasted paragraphs.
  if (folded.length > 64) return unrecognized();
  // Sheets shows a date-time cell as "2022/4/18 0:00:00"; only the date matters here.
  const dateOnly = folded.replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, "");
  const { rest, weekday } = splitWeekday(dateOnly);
  const core = RELATIVE[rest] === undefined ? rest.replace(/\s+/g, "") : rest;
  if (core === "") {
    if (weekday === undefined) return unrecognized();
    const ahead = (weekday - weekdayOfDays(today) + 7) % 7 || 7;
    return ok(isoFromDays(today + ahead));
  }
  const parsed = parseCore(core, today, context.monthFirst);
  if (!parsed.ok) return parsed;
  const actual = weekdayOfDays(parsed.value);
  if (weekday !== undefined && weekday !== actual) {
    const iso = isoFromDays(parsed.value);
    return fail(
      "weekday_mismatch",
      `${iso} 是${WEEKDAY_NAMES_ZH[actual]}，不是${WEEKDAY_NAMES_ZH[weekday]}，请核对日期。`,
      `${iso} is a ${WEEKDAY_NAMES_EN[actual]}, not a ${WEEKDAY_NAMES_EN[weekday]}; check the date.`,
    );
  }
  return ok(isoFromDays(parsed.value));
}
