/**
 * The dates a chain's title and description name: "明天", "4月19日(周二)", "2022-04-19", "4/19",
 * "19号", "周二", "tomorrow", and "4.19" at the start of a line. Each is read by normalizeDate
 * against the community's today, so "明天" is tomorrow and "周二" the next Tuesday.
 *
 * Explicit rules:
 * - "4.19" is a date only at the start of a line and not followed by a time word ("8.30集合" is a
 *   time): in the middle of a description a dotted pair is more often a clock.
 * - "19号" is a day of this, last or next month, whichever is nearest today; "3号楼" is a building.
 * - "今天" next to another date is context ("今天辛苦了，明天继续"), not the chain's date.
 */
import { civilFromDays, daysFromIso, isValidCivil, daysFromCivil, isoFromDays } from "../normalize/calendar.ts";
import { foldKey, normalizeDate, type Failure } from "../normalize.ts";

/** A date the header names, read; `failure` when the words are a date that cannot be (4月31日). */
export interface DateMention {
  text: string;
  date?: string;
  failure?: Pick<Failure<string>, "reason" | "zh" | "en">;
  /** "今天": dropped when the header names another date too. */
  today?: boolean;
}

const WEEKDAY = "(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]";
const CN = "[一二三四五六七八九十]{1,3}";
const FOLLOWING_WEEKDAY = `(?:\\s*[(]?\\s*${WEEKDAY}\\s*[)]?)?`;
const PATTERNS: readonly RegExp[] = [
  new RegExp(
    `(?<!\\d)\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}\\s*[日号號]?(?!\\d)${FOLLOWING_WEEKDAY}`,
    "gu",
  ),
  new RegExp(`(?<![\\d年])(?:\\d{1,2}|${CN})\\s*月\\s*(?:\\d{1,2}|${CN})\\s*[日号號]?${FOLLOWING_WEEKDAY}`, "gu"),
  new RegExp(`(?<![\\d/.:-])\\d{1,2}/\\d{1,2}(?![\\d/])${FOLLOWING_WEEKDAY}`, "gu"),
  new RegExp(
    `^[#\\[(【]*\\s*\\d{1,2}\\.\\d{1,2}(?![\\d.])(?!\\s*(?:点|时|:|-|~|到|至|集合|开始|出发))${FOLLOWING_WEEKDAY}`,
    "gu",
  ),
  new RegExp(`(?<![\\d月年./-])\\d{1,2}\\s*[日号號](?!\\s*[楼樓栋棟幢单元室床门座])${FOLLOWING_WEEKDAY}`, "gu"),
  /大后天|大後天|后天|後天|明天|明日|明早|明儿|今天|今日|(?<![a-z])(?:tomorrow|today)(?![a-z])/gu,
  new RegExp(WEEKDAY, "gu"),
];

const RELATIVE_ALIASES: Readonly<Record<string, string>> = { 明早: "明天", 明儿: "明天" };

/** "19号": the nearest 19th to today, in this, the previous or the next month. */
function dayOfMonth(day: number, today: string): string | undefined {
  const base = daysFromIso(today)!;
  const { year, month } = civilFromDays(base);
  let best: { days: number; distance: number } | undefined;
  for (const offset of [-1, 0, 1]) {
    const m0 = month - 1 + offset;
    const y = year + Math.floor(m0 / 12);
    const m = (((m0 % 12) + 12) % 12) + 1;
    if (!isValidCivil(y, m, day)) continue;
    const days = daysFromCivil(y, m, day);
    const distance = Math.abs(days - base);
    if (!best || distance < best.distance || (distance === best.distance && days > best.days))
      best = { days, distance };
  }
  return best ? isoFromDays(best.days) : undefined;
}

function read(text: string, today: string): DateMention {
  const compact = text.replace(/^[#[(【\s]+/, "").trim();
  const word = RELATIVE_ALIASES[compact] ?? compact;
  const dayOnly = /^(\d{1,2})\s*[日号號](.*)$/u.exec(word);
  if (dayOnly && !/月/.test(word)) {
    const date = dayOfMonth(Number(dayOnly[1]), today);
    const rest = dayOnly[2]!.trim();
    if (date === undefined) {
      return {
        text,
        failure: { reason: "invalid", zh: `没有${dayOnly[1]}号这一天。`, en: `No day ${dayOnly[1]} near today.` },
      };
    }
    if (rest === "") return { text, date };
    // "19号(周二)": let normalizeDate check the weekday against the full date.
    const checked = normalizeDate(`${date}${rest}`, { today });
    return checked.ok ? { text, date: checked.value } : { text, failure: checked };
  }
  const parsed = normalizeDate(word.replace(/\./g, "/"), { today });
  if (!parsed.ok) return { text, failure: parsed };
  return { text, date: parsed.value, today: /^(今天|今日|today)$/.test(word) };
}

/**
 * Every date named in one header line, in order of appearance.
 *
 * @example dateMentions("明天（4月19日 周二）志愿者报名", "2022-04-18").map((m) => m.date) // ["2022-04-19", "2022-04-19"]
 */
export function dateMentions(line: string, today: string): DateMention[] {
  const text = foldKey(line);
  const found: Array<{ start: number; end: number; text: string }> = [];
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ start, end, text: m[0] });
    }
  }
  return found
    .sort((a, b) => a.start - b.start)
    .map((f) =>
      read(
        f.text
          .replace(/^[#[(【\s]+/u, "")
          .replace(/^([^(]*)\)$/u, "$1")
          .trim(),
        today,
      ),
    );
}
