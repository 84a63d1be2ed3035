/**
 * Dropdown (enum) cells: the sheet offers "全天 All day", but organizers type "全天", "all day",
 * "ALL_DAY", "整天" or paste "８-12点". Each is matched to the option's `value`, never guessed.
 */
import { blank, fail, ok, type Failure, type Ok, type Parsed } from "./result.ts";
import { foldKey } from "./text.ts";
import { normalizeTimeRange, type TimeRangeFailureReason } from "./time.ts";

/** An option as the manifest lists it; structurally the same as the sheets layer's OptionSpec. */
export interface LabeledOption {
  readonly value: string;
  readonly zh: string;
  readonly en: string;
}

/** Extra words per option value, e.g. `{ all_day: ["整天", "full day"] }`. */
export type OptionSynonyms = Readonly<Record<string, readonly string[]>>;

export type OptionFailureReason = "empty" | "unknown" | "ambiguous";

/**
 * The comparison form of an option word: width, case, spaces and punctuation folded away, so
 * "All day", "ALL_DAY", "all-day" and "全天 All day" all compare equal to their option.
 * Words made only of symbols (✓) keep their symbols.
 *
 * @example optionKey("全天 All day") // "全天allday"
 */
export function optionKey(text: string): string {
  const folded = foldKey(text);
  return folded.replace(/[\s\p{P}\p{S}]+/gu, "") || folded.replace(/\s+/g, "");
}

function unknownOption(options: readonly LabeledOption[]): Failure<"unknown"> {
  return fail(
    "unknown",
    `不是可选的值，请从下拉框选：${options.map((o) => o.zh).join("、")}。`,
    `Not one of the choices; pick from the dropdown: ${options.map((o) => o.en).join(", ")}.`,
  );
}

/**
 * Builds a matcher for one column's options (build once, call per cell).
 * Throws if `synonyms` names a value that is not an option — that is a bug in the caller.
 *
 * @example optionMatcher(options, { all_day: ["整天"] })("整天") // { ok: true, value: "all_day" }
 */
export function optionMatcher(
  options: readonly LabeledOption[],
  synonyms: OptionSynonyms = {},
): (text: string) => Parsed<string, OptionFailureReason> {
  const byKey = new Map<string, Set<string>>();
  const add = (form: string, value: string): void => {
    const key = optionKey(form);
    if (key === "") return;
    const values = byKey.get(key) ?? new Set<string>();
    values.add(value);
    byKey.set(key, values);
  };
  for (const o of options) {
    for (const form of [o.value, o.zh, o.en, `${o.zh} ${o.en}`, `${o.en} ${o.zh}`]) add(form, o.value);
  }
  for (const [value, forms] of Object.entries(synonyms)) {
    if (!options.some((o) => o.value === value)) throw new Error(`optionMatcher: synonym for unknown value "${value}"`);
    for (const form of forms) add(form, value);
  }
  return (text) => {
    const key = optionKey(text);
    if (key === "") return blank();
    const values = byKey.get(key);
    if (!values) return unknownOption(options);
    if (values.size > 1) {
      const labels = options.filter((o) => values.has(o.value));
      return fail(
        "ambiguous",
        `可能是${labels.map((o) => o.zh).join("或")}，请从下拉框选一个。`,
        `Could be ${labels.map((o) => o.en).join(" or ")}; pick one from the dropdown.`,
      );
    }
    return ok([...values][0]!);
  };
}

/**
 * Matches one cell against a column's options by value, zh, en or the "zh en" label, ignoring
 * case, width, spaces and punctuation; `synonyms` adds words per value.
 *
 * @example matchOption("ＡＭ", [{ value: "am", zh: "上午", en: "AM" }]) // { ok: true, value: "am" }
 */
export function matchOption(
  text: string,
  options: readonly LabeledOption[],
  synonyms?: OptionSynonyms,
): Parsed<string, OptionFailureReason> {
  return optionMatcher(options, synonyms)(text);
}

/** Every part matched, or the parts that were (`values`) and the words that were not (`unknown`). */
export type OptionListResult = Ok<string[]> | (Failure<"unknown"> & { values: string[]; unknown: string[] });

// Longest run of words tried as one option ("门岗分拣 Gate crew" is three words).
const MAX_WORDS_PER_OPTION = 6;

/**
 * Reads an `enum_list` cell such as "队长、培训" or "Captain, Gate crew" or "队长 Captain 培训".
 * Splits on 、,，;；/| first, then matches the longest run of space-separated words it can, so
 * multi-word labels survive. Blank is an empty list; duplicates are dropped, order kept.
 *
 * @example matchOptionList("队长、Gate crew", roles) // { ok: true, value: ["captain", "gate"] }
 * @example matchOptionList("队长、司机", roles) // { ok: false, reason: "unknown", values: ["captain"], unknown: ["司机"], … }
 */
export function matchOptionList(
  text: string,
  options: readonly LabeledOption[],
  synonyms?: OptionSynonyms,
): OptionListResult {
  const match = optionMatcher(options, synonyms);
  const values: string[] = [];
  const unknown: string[] = [];
  const keep = (value: string): void => {
    if (!values.includes(value)) values.push(value);
  };
  for (const part of foldKey(text).split(/[、,;/|]+/)) {
    const whole = match(part);
    if (whole.ok) {
      keep(whole.value);
      continue;
    }
    // Stray punctuation between words ("队长 - 培训") is neither an option nor unknown.
    const words = part.split(" ").filter((w) => /[^\p{P}]/u.test(w));
    let run: string[] = [];
    for (let i = 0; i < words.length;) {
      let matched = 0;
      for (let j = Math.min(words.length, i + MAX_WORDS_PER_OPTION); j > i && matched === 0; j--) {
        const candidate = match(words.slice(i, j).join(" "));
        if (candidate.ok) {
          keep(candidate.value);
          matched = j - i;
        }
      }
      if (matched > 0) {
        if (run.length > 0) unknown.push(run.join(" "));
        run = [];
        i += matched;
      } else {
        run.push(words[i]!);
        i += 1;
      }
    }
    if (run.length > 0) unknown.push(run.join(" "));
  }
  if (unknown.length === 0) return ok(values);
  const base = unknownOption(options);
  return {
    ...base,
    zh: `不认识：${unknown.join("、")}。${base.zh}`,
    en: `Unknown: ${unknown.join(", ")}. ${base.en}`,
    values,
    unknown,
  };
}

/** When a volunteer can come on a day. */
export type Availability = "all_day" | "am" | "pm";

/** The Signups tab's availability options, as in the manifest. */
export const AVAILABILITY_OPTIONS: readonly LabeledOption[] = [
  { value: "all_day", zh: "全天", en: "All day" },
  { value: "am", zh: "上午", en: "AM" },
  { value: "pm", zh: "下午", en: "PM" },
];

/** What people write in a sign-up chain for each part of the day. */
export const AVAILABILITY_SYNONYMS: OptionSynonyms = {
  all_day: [
    "全日",
    "整天",
    "一天",
    "都可以",
    "都行",
    "上下午",
    "上午下午",
    "全天都可以",
    "all day",
    "full day",
    "whole day",
    "AM+PM",
    "AM/PM",
  ],
  am: ["早上", "早", "上", "上半天", "早晨", "morning"],
  pm: ["下", "下半天", "afternoon"],
};

const defaultAvailability = optionMatcher(AVAILABILITY_OPTIONS, AVAILABILITY_SYNONYMS);

export type AvailabilityFailureReason = OptionFailureReason | Exclude<TimeRangeFailureReason, "unrecognized">;

// A range that ends by 13:00 is a morning; one that starts at noon or later is an afternoon.
const MORNING_ENDS_BY = 13 * 60;
const AFTERNOON_STARTS_FROM = 12 * 60;

/**
 * Reads a sign-up's availability: an option or synonym (全天, 上午, 下午, all day, AM+PM, 早, 下…),
 * or a time range: ending by 13:00 is `am`, starting at 12:00 or later is `pm`, and anything
 * spanning midday ("8-17") is `all_day`.
 *
 * @example normalizeAvailability("8-12点") // { ok: true, value: "am" }
 * @example normalizeAvailability("全天 All day") // { ok: true, value: "all_day" }
 */
export function normalizeAvailability(
  text: string,
  options: readonly LabeledOption[] = AVAILABILITY_OPTIONS,
): Parsed<Availability, AvailabilityFailureReason> {
  const matcher =
    options === AVAILABILITY_OPTIONS ? defaultAvailability : optionMatcher(options, AVAILABILITY_SYNONYMS);
  const matched = matcher(text);
  if (matched.ok) {
    if (matched.value === "all_day" || matched.value === "am" || matched.value === "pm") return ok(matched.value);
    throw new Error(`normalizeAvailability: option "${matched.value}" is not an availability`);
  }
  if (matched.reason !== "unknown") return matched;
  const range = normalizeTimeRange(text);
  if (!range.ok) {
    // Text that is not a time range at all is best explained as "not one of the choices".
    if (range.reason === "unrecognized" || range.reason === "empty") return matched;
    return fail(range.reason, range.zh, range.en);
  }
  const { start, end } = range.value;
  if (end.minutes <= MORNING_ENDS_BY) return ok("am");
  if (start.minutes >= AFTERNOON_STARTS_FROM) return ok("pm");
  return ok("all_day");
}
