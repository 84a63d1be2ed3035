/**
 * One numbered line of a WeChat 接龙, after its number: "张伟 3号楼 全天", "李娜12-301上午",
 * "🌸王芳 尾号1234 下午 可以带推车", "V012 陈静 8-12点", "Li Wei B3 AM".
 *
 * People write these in any order and often without spaces, so the reader does not split on
 * spaces: it finds what it can recognise — a phone tail, a volunteer ID, an availability (word or
 * time range), a building or room — cuts those out, and the first piece of text left is the name.
 * Whatever else is left is the comment. Nothing is guessed: a line with two names in a row keeps
 * them together ("张伟李娜") so matching fails loudly instead of dropping a person.
 *
 * Explicit rules:
 * - The part of the day is read by ./day-parts.ts: "上午可以 下午有会" is the morning, "下午两点后"
 *   the afternoon, "上午 下午" all day; a refusal stays in the comment; two words that
 *   contradict each other ("全天", "下午不行") are kept in `dayPartConflict` for the organizer.
 * - Plus-ones ("+1", "加一", "带家属1人", "我和我老公") are counted in `plusOnes` and kept out of
 *   the name and the comment: they are people to place, not a remark (./plus-ones.ts).
 * - A line that says the person is not coming ("取消", "不来了", "请假") is marked `cancelled`.
 * - A volunteer ID is a labelled one ("编号V012", "ID: 17") or letters and at least three digits
 *   ("V012"); "B3" is a building, "B301" is read as an ID.
 * - "3楼" is building 3, as the Buildings tab reads it (see normalize/building.ts).
 */
import { buildingKey, foldText, normalizeName, type Availability } from "../normalize.ts";
import {
  DAY_PART_WORD,
  TIME_FROM_UNTIL,
  TIME_RANGE,
  dayPartConflict,
  fromUntil,
  lineDayPart,
  rangeDayPart,
  wordMatch,
} from "./day-parts.ts";
import { PLUS_ONE, plusOneCount } from "./plus-ones.ts";

/** What a numbered line says, read without the roster. */
export interface EntryFields {
  /** The name as normalized (emoji and decoration removed); "" when the line has none. */
  name: string;
  /** Building (and room) as written, e.g. "12-301", "3号楼"; null when none. */
  building: string | null;
  /** The building's number key ("12" for "12-301"), as normalize's buildingKey reads it. */
  buildingKey: string | null;
  /** Last four digits of the phone ("尾号1234", "(1234)", a whole mobile number). */
  phoneTail: string | null;
  /** A volunteer ID as written ("V012"). */
  volunteerId: string | null;
  /** The part of the day the line names; null when it names none. */
  availability: Availability | null;
  /**
   * Two words that contradict each other about the part of the day ("全天", "下午不行"); [] when
   * none. Such a line is reported, never imported.
   */
  dayPartConflict: string[];
  /** Everything else on the line, folded. */
  comment: string;
  /** The line says the person is not coming. */
  cancelled: boolean;
  /** People the line brings along who are not named ("+1", "带家属2人"); 0 when none. */
  plusOnes: number;
  /** The plus-one phrases as written ("+1", "我老婆也来"). */
  plusOneWords: string[];
}

type SpanKind = "tail" | "id" | "availability" | "building" | "cancel" | "aside" | "plus_one";

interface Span {
  start: number;
  end: number;
  kind: SpanKind;
  value?: string;
  /** Parts of the day a span offers and refuses ("上午 下午不行": am offered, pm refused). */
  offered?: Availability[];
  refused?: Availability[];
}

const CN_NUM = "一二三四五六七八九十两";
const HAN = "\\p{Script=Han}";

const TAIL_LABELLED = /(?:手机尾号|尾号|尾數|尾数|后四位|后4位|後四位)\s*(?:是|为|為)?\s*:?\s*(\d{4})(?!\d)/gu;
const TAIL_MOBILE = /(?<!\d)(?:\+?86\s*)?(1[3-9]\d(?:[\s-]?\d{4}){2})(?!\d)/gu;
const TAIL_BRACKETED = /\(\s*(\d{4})\s*\)/gu;

const ID_LABELLED = /(?:编号|編號|工号|(?<![a-z])id)\s*[:#]?\s*([a-z]{0,3}-?\d{1,6})(?![a-z0-9])/giu;
const ID_BARE = /(?<![a-z0-9])([a-z]{1,3}-?\d{3,6})(?![a-z0-9])/giu;

const BUILDING_PATTERNS: readonly RegExp[] = [
  // "3号楼", "12栋301", "12号楼2单元301室", "12#301", "B3栋", "三号楼"
  new RegExp(
    `(?<![\\da-z${CN_NUM}])(?:[a-z]?\\d{1,3}|(?<!${HAN})[${CN_NUM}]{1,3})\\s*(?:号楼|號樓|号樓|號楼|#楼|楼|樓|栋|棟|幢|座|#|号|號)(?:\\s*-?\\s*\\d{1,2}\\s*单元)?(?:\\s*-?\\s*\\d{3,4}\\s*(?:室|号|號)?)?(?!\\d)`,
    "giu",
  ),
  // "12-301", "12-2-301"
  /(?<![\da-z-])\d{1,3}-(?:\d{1,2}-)?\d{3,4}(?![\d-])/giu,
  // "B3", "A座"
  /(?<![a-z0-9])(?:[a-z]\d{1,2}|[a-z]\s*(?:座|栋|幢))(?![a-z0-9])/giu,
];

// Not coming: the line is kept (and reported), never imported.
const CANCELLED = /取消|不来了|来不了|不能来|不去了|去不了|请假|退出|不参加|撤回/gu;
// Day words inside a line ("周敏 明天不来了") are comment, never part of the name.
const DAY_WORDS =
  /大后天|后天|明天|明日|明早|今天|今日|今晚|(?:周|週|星期|礼拜)[一二三四五六日天]|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?/gu;

/** Spans of one pattern that do not overlap spans already taken. */
function take(text: string, pattern: RegExp, kind: SpanKind, spans: Span[], value?: (m: RegExpExecArray) => string) {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const start = m.index;
    const end = start + m[0].length;
    if (spans.some((s) => start < s.end && s.start < end)) continue;
    const v = value ? value(m) : m[0];
    if (v === "") continue;
    spans.push({ start, end, kind, value: v });
  }
}

// Pictographs and what joins or styles them (ZWJ sequences, variation selectors, skin tones, tags).
const EMOJI =
  /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Variation_Selector}|\u200D|\u20E3|[\u{E0020}-\u{E007F}])+/gu;
const EDGE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;
// A comment keeps its own punctuation ("=1+1" stays "=1+1"); only separators at its ends go.
const COMMENT_EDGE = /^[\s,;:、。|/]+|[\s,;:、。|/]+$/gu;
const ONLY_SYMBOLS = /^[\s\p{P}\p{S}]*$/u;
const HAN_ONLY = /^[\p{Script=Han}·]+$/u;
const LATIN_WORD = /^[a-z][a-z'-]*$/i;

/**
 * The name from the first piece of text left: a Chinese name padded with a space ("王 芳") or a
 * short Latin name ("Li Wei") stays whole; otherwise the first word is the name and the rest is
 * comment.
 */
function splitName(piece: string): { name: string; rest: string } {
  const words = piece.split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return { name: "", rest: "" };
  const hanOnly = words.every((w) => HAN_ONLY.test(w));
  if (hanOnly && words.join("").length <= 4) return { name: words.join(""), rest: "" };
  if (words.length <= 3 && words.every((w) => LATIN_WORD.test(w))) return { name: words.join(" "), rest: "" };
  return { name: words[0]!, rest: words.slice(1).join(" ") };
}

/**
 * Reads the text of one numbered chain line (without its number).
 *
 * @example readEntry("张伟 3号楼 全天") // { name: "张伟", building: "3号楼", buildingKey: "3", availability: "all_day", … }
 * @example readEntry("🌸王芳(1234)下午不行，上午可以").availability // "am"
 */
export function readEntry(content: string): EntryFields {
  // Emoji are never part of a name or a room: each becomes a space ("🙋‍♂️吴昊" -> " 吴昊").
  const text = foldText(content.replace(EMOJI, " "));
  const spans: Span[] = [];
  take(text, TAIL_LABELLED, "tail", spans, (m) => m[1]!);
  take(text, TAIL_MOBILE, "tail", spans, (m) => m[1]!.replace(/\D/g, "").slice(-4));
  take(text, TAIL_BRACKETED, "tail", spans, (m) => m[1]!);
  take(text, ID_LABELLED, "id", spans, (m) => m[1]!);
  take(text, ID_BARE, "id", spans, (m) => m[1]!);
  take(text, TIME_RANGE, "availability", spans, (m) => rangeDayPart(m[0]));
  take(text, TIME_FROM_UNTIL, "availability", spans, (m) => fromUntil(m));
  take(text, DAY_PART_WORD, "availability", spans, (m) => {
    const { offered, refused } = wordMatch(m);
    // A refused part of the day is kept as text ("下午不行") for the organizer to read.
    return refused.length > 0 ? "refused" : (offered[0] ?? "");
  });
  for (const s of [...spans]) {
    if (s.kind !== "availability") continue;
    if (s.value !== "refused") {
      s.offered = [s.value as Availability];
      continue;
    }
    DAY_PART_WORD.lastIndex = 0;
    const read = wordMatch(DAY_PART_WORD.exec(text.slice(s.start, s.end))!);
    s.refused = read.refused;
    if (read.offered.length === 0) continue;
    // "上午 下午不行": the morning is offered, only "下午不行" is the refusal kept as text.
    const cut = s.start + text.slice(s.start, s.end).lastIndexOf("下午");
    spans.push({ start: s.start, end: cut, kind: "availability", value: read.offered[0]!, offered: read.offered });
    s.start = cut;
  }
  take(text, CANCELLED, "cancel", spans);
  take(text, PLUS_ONE, "plus_one", spans, (m) => String(plusOneCount(m)));
  take(text, DAY_WORDS, "aside", spans);
  for (const pattern of BUILDING_PATTERNS) {
    take(text, pattern, "building", spans, (m) => (buildingKey(m[0]).ok ? m[0].trim() : ""));
  }
  spans.sort((a, b) => a.start - b.start);

  // Text between the spans, in order, with refusals and cancellations: the first piece with a
  // letter in it is the name, everything else is the comment.
  const parts: Array<{ text: string; free: boolean }> = [];
  let at = 0;
  for (const s of spans) {
    parts.push({ text: text.slice(at, s.start), free: true });
    if (s.kind === "cancel" || s.kind === "aside" || s.value === "refused")
      parts.push({ text: text.slice(s.start, s.end), free: false });
    at = s.end;
  }
  parts.push({ text: text.slice(at), free: true });

  let name = "";
  const comment: string[] = [];
  for (const part of parts) {
    const clean = part.text.replace(EDGE, "");
    if (part.free && name === "" && normalizeName(clean) !== "") {
      const split = splitName(clean);
      name = normalizeName(split.name);
      if (split.rest !== "") comment.push(split.rest);
      continue;
    }
    const kept = part.text.replace(COMMENT_EDGE, "");
    if (!ONLY_SYMBOLS.test(kept)) comment.push(kept);
  }

  const first = (kind: SpanKind) => spans.find((s) => s.kind === kind);
  const building = first("building")?.value ?? null;
  const key = building === null ? undefined : buildingKey(building);
  const dayParts = spans.filter((s) => s.kind === "availability");
  const said = (list: "offered" | "refused") =>
    dayParts.flatMap((s) => (s[list] ?? []).map((value) => ({ value, text: text.slice(s.start, s.end).trim() })));
  const plusOnes = spans.filter((s) => s.kind === "plus_one");
  return {
    name,
    building,
    buildingKey: key?.ok ? key.value : null,
    phoneTail: first("tail")?.value ?? null,
    volunteerId: first("id")?.value ?? null,
    availability: lineDayPart(said("offered"), said("refused")),
    dayPartConflict: dayPartConflict(said("offered"), said("refused")),
    comment: comment.join(" ").trim(),
    cancelled: spans.some((s) => s.kind === "cancel"),
    plusOnes: Math.max(0, ...plusOnes.map((s) => Number(s.value))),
    plusOneWords: plusOnes.map((s) => text.slice(s.start, s.end).trim()),
  };
}
