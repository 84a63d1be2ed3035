/**
 * The ready-to-paste WeChat group message for a published day: date, assembly time and place,
 * then one line per volunteer (name → post → link). A chat message that is too long gets cut or
 * refused by WeChat (about 2,000 characters in practice), so the text is split into numbered
 * parts at line breaks, never inside a volunteer's line. Pure.
 *
 * @example
 * groupMessages({ community: "演示小区", date: "2022-04-19", assembly: { start: "07:30", place: "居委会" },
 *   lines: [{ name: "张三", post: "包干路线 东区/1号楼 Route", link: "https://x/c/k7HqVw3NbZt9" }] });
 * // ["【演示小区】4月19日（周二）志愿者分工 Duty for Tue 19 Apr\n集合 Assembly: 07:30 居委会\n…\n张三 → 包干路线 东区/1号楼 Route → https://x/c/k7HqVw3NbZt9"]
 */

export interface BroadcastLine {
  name: string;
  post: string;
  link: string;
}

export interface BroadcastInput {
  community: string;
  /** YYYY-MM-DD. */
  date: string;
  assembly: { start: string; place: string | null } | null;
  lines: readonly BroadcastLine[];
  /** Longest part in characters (code points); default 1,800, leaving room under WeChat's ~2,000. */
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 1800;

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

export function broadcastLine(line: BroadcastLine): string {
  return `${line.name} → ${line.post} → ${line.link}`;
}

/** The message as one or more parts, each at most `maxChars` long. */
export function groupMessages(input: BroadcastInput): string[] {
  const max = input.maxChars ?? DEFAULT_MAX_CHARS;
  const day = dayLabel(input.date);
  const title = (part: string) => `【${input.community}】${day.zh}志愿者分工${part} Duty for ${day.en}`;
  const intro = [
    input.assembly
      ? `集合 Assembly: ${input.assembly.start}${input.assembly.place ? ` ${input.assembly.place}` : ""}`
      : null,
    "请点自己的链接确认或请假 Tap your own link to confirm or decline.",
  ].filter((l): l is string => l !== null);
  const lines = input.lines.flatMap((l) => chop(broadcastLine(l), max));

  const single = [title(""), ...intro, ...lines].join("\n");
  if (length(single) <= max) return [single];

  // Numbered parts: reserve room for the widest part header ("（续 99/99）"), then fill greedily.
  const widest = (n: number) => title(`（${n}/${n}）`);
  let count = 2;
  for (;;) {
    const bodies = pack(lines, max - length(widest(count)) - 1, intro);
    if (bodies.length <= count) {
      return bodies.map((body, i) => [title(`（${i + 1}/${bodies.length}）`), ...body].join("\n"));
    }
    count = bodies.length;
  }
}

/** Lines into groups whose joined length fits `room`; the first group starts with `intro`. */
function pack(lines: readonly string[], room: number, intro: readonly string[]): string[][] {
  const parts: string[][] = [[...intro]];
  let used = intro.reduce((n, l) => n + length(l) + 1, 0);
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
  const room = Math.max(20, max - 60);
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
}): string {
  const day = dayLabel(input.date).zh;
  const what = input.before
    ? `你${day}的岗位有变化：原来${input.before}，现在${input.after}。`
    : `你${day}有新的岗位：${input.after}。`;
  const link = input.link ? `请打开你的链接重新确认：${input.link}` : "请回复我确认。";
  return `${input.name}，${what}${link}`;
}
