/**
 * The ready-to-paste WeChat group messages for a published day, made for a personal group (no
 * bot, people scroll on a phone): one message per zone (then the fixed posts, then standby), each
 * under 1,000 characters so it reads on one screen, with a short header (date, assembly time and
 * place, what to bring) and one line per volunteer, sorted by building then name: "3号楼 张三 链接".
 * The 待命 message calls nobody to the assembly: standby wait at home and collect a suit only when
 * called in (./standby.ts, the same words as their page). A zone too long for one message gets
 * numbered parts, cut at line breaks. Chinese only: English the organizer typed beside Chinese in
 * the sheet ("居委会 Committee office") is left out. A 中文+English community gets these in Chinese
 * too (a personal group's messages must stay short); an English community gets them in English.
 * Pure.
 *
 * @example
 * groupMessages({ community: "演示小区", date: "2022-04-19", assembly: { start: "07:30", place: "居委会" },
 *   lines: [{ group: "东区", place: "3号楼", sortKey: "3号楼", name: "张三", link: "https://x/c/k7HqVw3NbZt9" }] });
 * // ["【演示小区】4月19日（周二）东区分工\n集合：07:30 居委会\n请带好手机（充满电），防护服集合时领取。点自己的链接确认或请假。\n3号楼 张三 https://x/c/k7HqVw3NbZt9"]
 */

import { terms } from "./glossary.ts";
import type { Language } from "./language.ts";
import { standbySuit, standbyWait } from "./standby.ts";

export interface BroadcastLine {
  /** The message it goes in: a zone ("东区"), or "岗位" / "待命". */
  group: string;
  /** What the volunteer does, as read in the line: "3号楼、5号楼", "门口消杀分拣 06:30", "待命". */
  place: string;
  /** Lines sort by this (natural order: 3号楼 before 13号楼), then by name. */
  sortKey: string;
  name: string;
  link: string;
}

export interface BroadcastInput {
  community: string;
  /** YYYY-MM-DD. */
  date: string;
  assembly: { start: string; place: string | null; note?: string } | null;
  lines: readonly BroadcastLine[];
  /** Longest part in characters (code points); default 990, under 1,000. */
  maxChars?: number;
  /** English for an English community; Chinese otherwise (中文+English too: see above). */
  language?: Language;
}

export const DEFAULT_MAX_CHARS = 990;

/** The groups that are not zones, and the order they come in after the zones. */
export const POSTS_GROUP = "岗位";
export const STANDBY_GROUP = "待命";

const WEEKDAYS_ZH = ["日", "一", "二", "三", "四", "五", "六"];
const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const length = (text: string): number => [...text].length;

/** "4月19日（周二）" and "Tue 19 Apr" for a YYYY-MM-DD date. */
export function dayLabel(date: string): { zh: string; en: string } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { zh: `${m}月${d}日（周${WEEKDAYS_ZH[weekday]}）`, en: `${WEEKDAYS_EN[weekday]} ${d} ${MONTHS_EN[m - 1]}` };
}

/**
 * The Chinese part of a value typed in both languages ("居委会 Committee office" -> "居委会");
 * text without Chinese is kept as typed.
 */
export function chineseOnly(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text.trim();
  return text.replace(/\s+[A-Za-z][^\u3400-\u9fff]*$/, "").trim();
}

export function broadcastLine(line: BroadcastLine): string {
  return `${line.place} ${line.name} ${line.link}`;
}

/** Natural order: "3号楼" < "13号楼" < "门岗"; then code points, so the order never depends on a locale. */
export function compareNatural(a: string, b: string): number {
  const na = /\d+/.exec(a);
  const nb = /\d+/.exec(b);
  if (na && nb && a.slice(0, na.index) === b.slice(0, nb.index)) {
    const d = Number(na[0]) - Number(nb[0]);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const pinyin = new Intl.Collator("zh-CN");

/** Names as a Chinese reader looks them up (pinyin: 李 before 张), then code points for a stable tie. */
export function compareNames(a: string, b: string): number {
  return pinyin.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const groupRank = (g: string): number => (g === POSTS_GROUP ? 1 : g === STANDBY_GROUP ? 2 : 0);

/** Zones in first-seen order, then the posts, then standby; one or more parts each. */
export function groupMessages(input: BroadcastInput): string[] {
  const max = input.maxChars ?? DEFAULT_MAX_CHARS;
  const groups = new Map<string, BroadcastLine[]>();
  for (const line of input.lines) {
    const list = groups.get(line.group) ?? [];
    list.push(line);
    groups.set(line.group, list);
  }
  const order = [...groups.keys()].sort((a, b) => groupRank(a) - groupRank(b));
  return order.flatMap((group) => groupParts(input, group, groups.get(group)!, max));
}

function header(input: BroadcastInput, group: string): { title: (part: string) => string; intro: string[] } {
  const a = input.assembly;
  if (input.language === "en") {
    const what = group === POSTS_GROUP ? terms.posts.en : group === STANDBY_GROUP ? terms.standby.en : group;
    const title = (part: string) => `${input.community}: duties for ${dayLabel(input.date).en}, ${what}${part}`;
    const place = a?.place ? ` at ${a.place}` : "";
    const note = a?.note ? ` (${a.note})` : "";
    const answer = "Tap your own link to confirm or to say you can't come.";
    // Standby are not called to the assembly: they wait at home and get a suit only when called in.
    if (group === STANDBY_GROUP) return { title, intro: [standbyWait.en, standbySuit(a?.place ?? null).en, answer] };
    const when =
      group === POSTS_GROUP ? "Be at your post at the time below." : a ? `Assembly: ${a.start}${place}${note}` : null;
    const intro = [
      when,
      `Bring your phone (charged); protective suits are handed out at the assembly. ${answer}`,
    ].filter((l): l is string => l !== null);
    return { title, intro };
  }
  const day = dayLabel(input.date).zh;
  const what = group === POSTS_GROUP ? terms.posts.zh : group === STANDBY_GROUP ? terms.standby.zh : group;
  const title = (part: string) => `【${chineseOnly(input.community)}】${day}${what}分工${part}`;
  const answer = "点自己的链接确认或请假。";
  if (group === STANDBY_GROUP) {
    return { title, intro: [standbyWait.zh, standbySuit(a?.place ? chineseOnly(a.place) : null).zh, answer] };
  }
  const place = a?.place ? ` ${chineseOnly(a.place)}` : "";
  const note = a?.note ? `（${chineseOnly(a.note)}）` : "";
  const when = group === POSTS_GROUP ? "按下面各岗位的时间到岗。" : a ? `集合：${a.start}${place}${note}` : null;
  const intro = [when, `请带好手机（充满电），防护服集合时领取。${answer}`].filter((l): l is string => l !== null);
  return { title, intro };
}

function groupParts(input: BroadcastInput, group: string, lines: BroadcastLine[], max: number): string[] {
  const { title, intro } = header(input, group);
  return messageParts(title, intro, sortedLines(lines), max);
}

/** Building (natural order), then name. */
function sortedLines(lines: readonly BroadcastLine[]): string[] {
  return [...lines]
    .sort((a, b) => compareNatural(a.sortKey, b.sortKey) || compareNames(a.name, b.name))
    .map(broadcastLine);
}

/**
 * One message, or numbered parts cut at line breaks, each at most `max` characters. Every part
 * repeats the title and intro, because each is forwarded and read on its own.
 */
export function messageParts(
  title: (part: string) => string,
  intro: readonly string[],
  lines: readonly string[],
  max: number,
): string[] {
  const body = lines.flatMap((l) => chop(l, max));
  const single = [title(""), ...intro, ...body].join("\n");
  if (length(single) <= max) return [single];
  let count = 2;
  for (;;) {
    const room = max - length(title(`（${count}/${count}）`)) - 1 - intro.reduce((n, l) => n + length(l) + 1, 0);
    const bodies = pack(body, room);
    if (bodies.length <= count) {
      return bodies.map((b, i) => [title(`（${i + 1}/${bodies.length}）`), ...intro, ...b].join("\n"));
    }
    count = bodies.length;
  }
}

/**
 * The morning reminder for the group: who has not answered yet, each with their own link, by
 * building then name, in parts under 1,000 characters.
 *
 * @example
 * reminderMessages({ community: "演示小区", date: "2022-04-19", lines });
 * // ["【演示小区】4月19日（周二）还没回复的志愿者\n请打开自己的链接，点“确认”或“不能来”。\n3号楼 张三 https://x/c/…"]
 */
export function reminderMessages(input: {
  community: string;
  date: string;
  lines: readonly BroadcastLine[];
  maxChars?: number;
  language?: Language;
}): string[] {
  if (input.lines.length === 0) return [];
  const en = input.language === "en";
  const title = (part: string) =>
    en
      ? `${input.community}: not answered yet for ${dayLabel(input.date).en}${part}`
      : `【${chineseOnly(input.community)}】${dayLabel(input.date).zh}还没回复的志愿者${part}`;
  return messageParts(
    title,
    [en ? "Please open your own link and tap Confirm or Can't make it." : "请打开自己的链接，点“确认能来”或“不能来”。"],
    // Route walkers by building, then the posts, then standby, as in the group messages.
    [0, 1, 2].flatMap((r) => sortedLines(input.lines.filter((l) => groupRank(l.group) === r))),
    input.maxChars ?? DEFAULT_MAX_CHARS,
  );
}

/** A long text (the digest) in parts under the limit: its first line is the title of every part. */
export function splitMessage(text: string, maxChars = DEFAULT_MAX_CHARS): string[] {
  const [first = "", ...rest] = text.split("\n");
  return messageParts((part) => `${first}${part}`, [], rest, maxChars);
}

/** Lines into groups whose joined length fits `room`. */
function pack(lines: readonly string[], room: number): string[][] {
  const parts: string[][] = [[]];
  let used = 0;
  for (const line of lines) {
    const cost = length(line) + 1;
    if (used + cost > room && parts[parts.length - 1]!.length > 0) {
      parts.push([]);
      used = 0;
    }
    parts[parts.length - 1]!.push(line);
    used += cost;
  }
  return parts;
}

/** A line longer than a whole message (never in practice) is cut, so no part ever overflows. */
function chop(line: string, max: number): string[] {
  const room = Math.max(20, max - 200);
  const chars = [...line];
  if (chars.length <= room) return [line];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += room) out.push(chars.slice(i, i + room).join(""));
  return out;
}

/**
 * The private message to someone whose duty changed after publishing (pasted into a one-to-one
 * chat by the organizer): name, old and new duty, and their own link to confirm again.
 *
 * @example
 * changedDutyMessage({ name: "张三", date: "2022-04-19", before: "待命 07:00–15:00",
 *   after: "东区 3号楼（包干） 07:30–15:00", link: "https://x/c/k7Hq" });
 * // "张三，你4月19日（周二）的岗位有变化：原来待命 07:00–15:00，现在东区 3号楼（包干） 07:30–15:00。请打开你的链接重新确认：https://x/c/k7Hq"
 */
export function changedDutyMessage(input: {
  name: string;
  date: string;
  before: string | null;
  after: string;
  link: string | null;
  language?: Language;
}): string {
  if (input.language === "en") {
    const day = dayLabel(input.date).en;
    const what = input.before
      ? `your duty on ${day} has changed: it was ${input.before}, now ${input.after}.`
      : `you have a new duty on ${day}: ${input.after}.`;
    const link = input.link ? ` Please open your link to confirm again: ${input.link}` : " Please reply to confirm.";
    return `${input.name}, ${what}${link}`;
  }
  const day = dayLabel(input.date).zh;
  const what = input.before
    ? `你${day}的岗位有变化：原来${input.before}，现在${input.after}。`
    : `你${day}有新的岗位：${input.after}。`;
  const link = input.link ? `请打开你的链接重新确认：${input.link}` : "请回复我确认。";
  return `${input.name}，${what}${link}`;
}
