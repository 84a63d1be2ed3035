/**
 * Reads a pasted WeChat 接龙 (sign-up chain) into its title, the date it is for, and its numbered
 * lines. Pure: the community's today and the date being imported are passed in.
 *
 * The shape WeChat produces, and people imitate by hand:
 *
 *     #接龙
 *     明天（4月19日 周二）志愿者报名，格式：姓名 楼号 时段
 *     例 张三 3号楼 全天
 *
 *     1. 张伟 3号楼 全天
 *     2. 李娜 12-301 上午
 *     收到，谢谢大家！
 *
 * Explicit rules:
 * - Only numbered lines are sign-ups ("1." "1、" "1)" "(1)" "1:" "1，" "1️⃣", full-width too;
 *   "1 张伟" with a bare space only when 1 is the next number). Unnumbered lines are the title,
 *   the description, an example ("例 …") or comments — "张伟明天不来了" must never sign 张伟 up.
 * - Lines before the first numbered line (and after a repeated "#接龙" title, when someone pasted
 *   the chain twice) are the header; the dates it names decide the chain's date. Dates inside
 *   numbered lines are comments.
 * - A line pasted twice (same number, same text) counts once: people re-copy the whole chain to
 *   add themselves, and organizers paste several copies.
 * - Two numbered entries run together on one line ("1. 张伟 全天 2. 李娜 上午") are split at the
 *   next number.
 * - The header naming a date other than the one being imported, two different dates, or a date
 *   that does not exist (4月31日) refuses the whole chain; a header naming no date is accepted for
 *   the date being imported, and the result says so.
 * - More than MAX_CHAIN_LINES lines or a line longer than MAX_LINE_LENGTH is not read; more than
 *   MAX_CHAIN_ENTRIES numbered entries (many to a line, as "1. 张伟 2. 李娜 …" can run on) refuse
 *   the whole paste, with nothing else in the answer, so a hostile paste stays a small answer.
 */
import { foldText } from "../normalize.ts";
import { dateMentions, type DateMention } from "./dates.ts";
import { readEntry, type EntryFields } from "./entry.ts";

/** A paste longer than this is refused whole (a compound's chain has a few hundred lines). */
export const MAX_CHAIN_LINES = 2000;
/** 200 KB of UTF-8. */
export const MAX_CHAIN_BYTES = 200 * 1024;
/** The entries a paste may hold: a compound has a few hundred volunteers; runs of 1. 2. 3. on one line count each. */
export const MAX_CHAIN_ENTRIES = 2000;
/** A chain line longer than this is a paste of something else. */
export const MAX_LINE_LENGTH = 300;

export interface ParseContext {
  /** The community's today, "YYYY-MM-DD". */
  today: string;
  /** The date being imported, "YYYY-MM-DD" (usually tomorrow). */
  expected: string;
}

/** One numbered line. */
export interface ChainLine extends EntryFields {
  /** The number as written (3 for "3." or "３、"). */
  index: number;
  /** 1-based line in the paste. */
  lineNumber: number;
  /** The entry as pasted, number included, trimmed. */
  raw: string;
}

export type IgnoredReason =
  "title" | "description" | "example" | "comment" | "unnumbered" | "repeated" | "empty_entry" | "too_long";

export interface IgnoredLine {
  lineNumber: number;
  raw: string;
  reason: IgnoredReason;
  zh: string;
  en: string;
}

export type ChainRefusalCode =
  | "empty"
  | "too_many_lines"
  | "too_many_entries"
  | "no_entries"
  | "date_mismatch"
  | "conflicting_dates"
  | "unreadable_date";

export interface ChainRefusal {
  code: ChainRefusalCode;
  zh: string;
  en: string;
}

export interface ParsedChain {
  /** The "#接龙" line, or the first line when it mentions 接龙; null when there is none. */
  title: string | null;
  /** The date the header names (null: it names none and the chain is taken for `expected`). */
  date: string | null;
  /** The date words found in the header, as written ("明天", "4月19日(周二)"). */
  dateWords: string[];
  lines: ChainLine[];
  ignored: IgnoredLine[];
  /** Set when the chain must not be imported at all. */
  refusal: ChainRefusal | null;
}

const IGNORED_TEXT: Readonly<Record<IgnoredReason, readonly [string, string]>> = {
  title: ["接龙标题。", "The chain's title."],
  description: ["接龙说明（没有编号，不是报名）。", "The chain's description (not numbered, so not a sign-up)."],
  example: ["格式示例，不是报名。", "The format example, not a sign-up."],
  comment: ["名单后的留言（没有编号，不是报名）。", "A comment after the list (not numbered, so not a sign-up)."],
  unnumbered: [
    "像是报名但没有编号，没有导入：请让 ta 按接龙格式写，例如“5. 张伟 3号楼 全天”。",
    'Looks like a sign-up but has no number, so it was not imported: ask for the chain form, e.g. "5. 张伟 3号楼 全天".',
  ],
  repeated: [
    "重复的一行（接龙被复制了多次），只算一次。",
    "A repeated line (the chain was copied more than once); counted once.",
  ],
  empty_entry: ["这个编号后面是空的。", "Nothing after this number."],
  too_long: [
    `这一行太长（超过${MAX_LINE_LENGTH}个字），不像接龙的一行。`,
    `This line is too long (over ${MAX_LINE_LENGTH} characters) to be a chain line.`,
  ],
};

// "1." "1、" "1)" "(1)" "1:" "1，" — not "4.19" or "8:30", which are a date and a time.
const NUMBERED = /^(?:\((\d{1,4})\)|(\d{1,4})\s*(?:[、,)]|\.(?!\d)|:(?!\d)))\s*(.*)$/u;
const BARE_NUMBERED = /^(\d{1,3})\s+(\D.*)$/u;
const KEYCAP = /(\d)\uFE0F?\u20E3/gu;
const TITLE = /^(?:#|＃)|^【?(?:群)?接龙】?|接龙|jielong/iu;
const EXAMPLE = /^(?:例如|例|示例|样例|範例|范例|格式|e\.?g\.?)(?:\s|:|：|$|[\p{Script=Han}a-z])/iu;
// Header words: a line with these is a notice, not a person's sign-up written without a number.
const NOTICE = /接龙|报名|報名|志愿者|通知|集合|请|請|谢谢|謝謝|收到|辛苦|注意|大家|@所有人/u;
const LOOKS_LIKE_SIGNUP =
  /^[\p{Script=Han}a-z·\s]{2,12}[\s,]*(?:\d{1,3}\s*(?:号楼|号|栋|幢|#)|\d{1,3}-\d{3,4}|全天|上午|下午|尾号)/iu;

function ignore(lineNumber: number, raw: string, reason: IgnoredReason): IgnoredLine {
  const [zh, en] = IGNORED_TEXT[reason];
  return { lineNumber, raw, reason, zh, en };
}

function refuse(code: ChainRefusalCode, zh: string, en: string): ChainRefusal {
  return { code, zh, en };
}

/** Splits "1. 张伟 全天 2. 李娜 上午" at the next number, as many times as it runs on. */
function splitRunOn(index: number, content: string): Array<{ index: number; content: string }> {
  const out: Array<{ index: number; content: string }> = [];
  let current = index;
  let rest = content;
  for (;;) {
    const next = current + 1;
    const re = new RegExp(`(?<=[\\s\\p{Script=Han}])${next}\\s*(?:[、,)]|\\.(?!\\d)|:(?!\\d))(?!\\s*\\d)`, "u");
    const m = re.exec(rest);
    if (!m) break;
    out.push({ index: current, content: rest.slice(0, m.index).trim() });
    rest = rest.slice(m.index + m[0].length).trim();
    current = next;
  }
  out.push({ index: current, content: rest.trim() });
  return out;
}

interface NumberedLine {
  index: number;
  content: string;
}

function numbered(folded: string, expectedNext: number): NumberedLine | undefined {
  const m = NUMBERED.exec(folded);
  if (m) return { index: Number(m[1] ?? m[2]), content: m[3]! };
  const bare = BARE_NUMBERED.exec(folded);
  if (bare && Number(bare[1]) === expectedNext) return { index: expectedNext, content: bare[2]! };
  return undefined;
}

function decideDate(
  mentions: readonly DateMention[],
  context: ParseContext,
): { date: string | null; refusal: ChainRefusal | null } {
  const broken = mentions.find((m) => m.failure);
  if (broken?.failure) {
    return {
      date: null,
      refusal: refuse(
        "unreadable_date",
        `接龙说明里的日期“${broken.text}”有问题：${broken.failure.zh} 请核对是不是这次的接龙。`,
        `The date "${broken.text}" in the chain's description is wrong: ${broken.failure.en} Check that this is the right chain.`,
      ),
    };
  }
  const others = mentions.filter((m) => !m.today);
  const used = others.length > 0 ? others : mentions;
  const dates = [...new Set(used.map((m) => m.date!))];
  if (dates.length === 0) return { date: null, refusal: null };
  if (dates.length > 1) {
    const listed = used.map((m) => `${m.text}=${m.date}`).join("，");
    return {
      date: null,
      refusal: refuse(
        "conflicting_dates",
        `接龙说明里写了不同的日期（${listed}），不知道是哪一天的报名：请只粘贴一天的接龙。`,
        `The chain's description names different dates (${listed.replaceAll("，", ", ")}): paste one day's chain only.`,
      ),
    };
  }
  const date = dates[0]!;
  if (date !== context.expected) {
    const words = used.map((m) => m.text).join("、");
    return {
      date,
      refusal: refuse(
        "date_mismatch",
        `这是 ${date}（${words}）的接龙，现在导入的是 ${context.expected} 的报名：请粘贴 ${context.expected} 的接龙；如果确实要导入 ${date}，请选这个日期（?date=${date}）。`,
        `This chain is for ${date} (${words.replaceAll("、", ", ")}) but the import is for ${context.expected}: paste the chain for ${context.expected}, or import it for ${date} (?date=${date}).`,
      ),
    };
  }
  return { date, refusal: null };
}

/** Splits a paste into lines (any newline WeChat or a browser may produce). */
export function chainLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/u);
}

/**
 * Reads a pasted chain. Never throws for any text; what cannot be read is in `ignored` or
 * `refusal`, each with a reason in Chinese and English.
 *
 * @example
 * const chain = parseChain("#接龙\n明天志愿者\n1. 张伟 3号楼 全天", { today: "2022-04-18", expected: "2022-04-19" });
 * chain.date; // "2022-04-19"
 * chain.lines[0]; // { index: 1, name: "张伟", buildingKey: "3", availability: "all_day", … }
 */
export function parseChain(text: string, context: ParseContext): ParsedChain {
  const result: ParsedChain = { title: null, date: null, dateWords: [], lines: [], ignored: [], refusal: null };
  const rawLines = chainLines(text);
  if (rawLines.length > MAX_CHAIN_LINES) {
    result.refusal = refuse(
      "too_many_lines",
      `粘贴的内容有 ${rawLines.length} 行，最多 ${MAX_CHAIN_LINES} 行：请只粘贴一次接龙。`,
      `The paste has ${rawLines.length} lines; at most ${MAX_CHAIN_LINES}: paste the chain once.`,
    );
    return result;
  }
  if (rawLines.every((l) => foldText(l) === "")) {
    result.refusal = refuse("empty", "粘贴的内容是空的。", "The paste is empty.");
    return result;
  }

  const mentions: DateMention[] = [];
  const seenEntries = new Set<string>();
  const seenHeader = new Set<string>();
  let seenEntry = false;
  let inHeader = true;
  let lastIndex = 0;
  let entries = 0;

  rawLines.forEach((original, i) => {
    const lineNumber = i + 1;
    const raw = original.trim();
    if (raw.length > MAX_LINE_LENGTH) {
      result.ignored.push(ignore(lineNumber, raw.slice(0, 80) + "…", "too_long"));
      return;
    }
    const folded = foldText(raw.replace(KEYCAP, "$1."));
    if (folded === "") return;

    const entry = numbered(folded, lastIndex + 1);
    if (entry) {
      inHeader = false;
      seenEntry = true;
      for (const part of splitRunOn(entry.index, entry.content)) {
        lastIndex = part.index;
        // Past the cap only count: the paste is refused below and nothing is kept.
        if (++entries > MAX_CHAIN_ENTRIES) continue;
        const key = `${part.index}\u001f${part.content}`;
        const shown = part.content === entry.content ? raw : `${part.index}. ${part.content}`;
        if (part.content === "") {
          result.ignored.push(ignore(lineNumber, shown, "empty_entry"));
        } else if (EXAMPLE.test(part.content)) {
          result.ignored.push(ignore(lineNumber, shown, "example"));
        } else if (seenEntries.has(key)) {
          result.ignored.push(ignore(lineNumber, shown, "repeated"));
        } else {
          seenEntries.add(key);
          result.lines.push({ index: part.index, lineNumber, raw: shown, ...readEntry(part.content) });
        }
      }
      return;
    }

    const isTitle =
      TITLE.test(folded) && (!seenEntry ? result.title === null : /^(?:#|【)?\s*(?:群)?接龙/u.test(folded));
    if (isTitle && result.title === null && !seenEntry) {
      result.title = folded;
      seenHeader.add(folded);
      mentions.push(...dateMentions(folded, context.today));
      result.ignored.push(ignore(lineNumber, raw, "title"));
      return;
    }
    if (isTitle) {
      // Someone pasted the chain again below: its header follows, and may name its date.
      inHeader = true;
      if (seenHeader.has(folded)) {
        result.ignored.push(ignore(lineNumber, raw, "repeated"));
        return;
      }
      seenHeader.add(folded);
      mentions.push(...dateMentions(folded, context.today));
      result.ignored.push(ignore(lineNumber, raw, "title"));
      return;
    }
    if (EXAMPLE.test(folded)) {
      result.ignored.push(ignore(lineNumber, raw, "example"));
      return;
    }
    const looksLikeSignup = LOOKS_LIKE_SIGNUP.test(folded) && !NOTICE.test(folded);
    if (inHeader) {
      if (seenHeader.has(folded)) {
        result.ignored.push(ignore(lineNumber, raw, "repeated"));
        return;
      }
      seenHeader.add(folded);
      if (!looksLikeSignup) mentions.push(...dateMentions(folded, context.today));
      result.ignored.push(ignore(lineNumber, raw, looksLikeSignup ? "unnumbered" : "description"));
      return;
    }
    result.ignored.push(ignore(lineNumber, raw, looksLikeSignup ? "unnumbered" : "comment"));
  });

  if (entries > MAX_CHAIN_ENTRIES) {
    return {
      ...result,
      lines: [],
      ignored: [],
      refusal: refuse(
        "too_many_entries",
        `粘贴的内容里有 ${entries} 个报名，最多 ${MAX_CHAIN_ENTRIES} 个：请只粘贴一次接龙。`,
        `The paste holds ${entries} sign-ups; at most ${MAX_CHAIN_ENTRIES}: paste the chain once.`,
      ),
    };
  }
  result.dateWords = mentions.map((m) => m.text);
  const decided = decideDate(mentions, context);
  result.date = decided.date;
  result.refusal = decided.refusal;
  // No numbered line at all says more about a paste than any date in it.
  if (result.lines.length === 0) {
    const unnumbered = result.ignored.some((l) => l.reason === "unnumbered");
    result.refusal = refuse(
      "no_entries",
      unnumbered
        ? "没有找到带编号的报名行：接龙的每一行应该像“1. 张伟 3号楼 全天”。没有编号的行不会导入。"
        : "这不像接龙：没有找到带编号的报名行（例如“1. 张伟 3号楼 全天”）。",
      unnumbered
        ? 'No numbered sign-up lines: each line of a chain looks like "1. 张伟 3号楼 全天". Lines without a number are not imported.'
        : 'This does not look like a chain: no numbered sign-up lines (such as "1. 张伟 3号楼 全天").',
    );
  }
  return result;
}
