/**
 * Reading one organizer row: its cells through the normalizers, every refusal turned into a
 * problem that points at the row, the column and the text exactly as typed.
 *
 * Why one place: the same cell can be blank, a formula error ("#REF!"), 5,000 characters of paste
 * or a number where text belongs, in any tab. Handling that once here is what makes every tab's
 * rules safe to write as plain "if the value is wrong, report it".
 */
import type { z } from "zod";
import { terms } from "../glossary.ts";
import type { Problem } from "../problem.ts";
import type { OrganizerTabKey, RowRef } from "../model.ts";
import { foldText, tidyText, type Failure } from "../normalize.ts";
import type { problemCodes, ProblemCode } from "./codes.ts";
import { manifestColumn, manifestTab, type ManifestColumn } from "./manifest.ts";

/** A row as the gateway reads it (structurally `SheetRow`). */
export interface RowInput {
  rowNumber: number;
  /** Column key -> the cell as Sheets formats it; a missing key is a blank cell. */
  cells: Record<string, string>;
  key: string;
}

/** One row under validation: where it is, and what is wrong with it so far. */
export interface RowState {
  readonly tab: OrganizerTabKey;
  readonly ref: RowRef;
  /** Shown in the Problems tab's ID column so a problem can be found after a sort. */
  readonly id: string | undefined;
  readonly cells: Readonly<Record<string, string>>;
  readonly problems: Problem[];
}

/** Problems tab cells hold the organizer's text "exactly as typed", within reason. */
export const VALUE_LIMIT = 500;
/** IDs, names, buildings, zones and items longer than this are pastes, not identifiers. */
export const IDENTIFIER_LIMIT = 100;
const PREVIEW_LIMIT = 24;

/** Cuts text to `limit` UTF-16 units without splitting a surrogate pair, marking the cut with "…". */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The typed text, folded and shortened, for quoting inside a message. */
export function preview(text: string): string {
  return clip(tidyText(text.length > 4 * PREVIEW_LIMIT ? text.slice(0, 4 * PREVIEW_LIMIT) : text), PREVIEW_LIMIT);
}

// White space and the invisible characters foldText strips: a cell of only these is blank.
const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF\u00AD\u180E]*$/;

/** Whether a cell is blank as organizers see it (spaces and invisible characters only). */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/** The comparison form of an ID ("v 001", "Ｖ001" and "V001" are the same volunteer). */
export function idKey(text: string): string {
  return foldText(text).toLowerCase().replace(/\s+/g, "");
}

function cellText(cells: unknown, column: string): string {
  if (cells === null || typeof cells !== "object") return "";
  const value = (cells as Record<string, unknown>)[column];
  // The gateway gives strings; anything else (a number from a JSON fixture) is read as its text.
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : String(value);
}

const tabColumns = new Map<OrganizerTabKey, { keys: string[]; idColumns: string[] }>();

function columnsOf(tab: OrganizerTabKey): { keys: string[]; idColumns: string[] } {
  let entry = tabColumns.get(tab);
  if (!entry) {
    const spec = manifestTab(tab);
    entry = { keys: spec.columns.map((c) => c.key), idColumns: spec.idColumns };
    tabColumns.set(tab, entry);
  }
  return entry;
}

/** Starts validating a row; sanitizes cells so that later code can trust them to be strings. */
export function startRow(tab: OrganizerTabKey, input: RowInput): RowState {
  const { keys, idColumns } = columnsOf(tab);
  const cells: Record<string, string> = {};
  for (const key of keys) cells[key] = cellText(input?.cells, key);
  const parts = idColumns.map((c) => foldText(cells[c] ?? "")).filter((p) => p !== "");
  // A sign-up typed by name only is found by its name.
  if (tab === "signups" && isBlank(cells["volunteer_id"] ?? "")) {
    const name = foldText(cells["name"] ?? "");
    if (name !== "") parts.push(name);
  }
  const id = parts.length > 0 ? clip(parts.join(" / "), IDENTIFIER_LIMIT) : undefined;
  const rowNumber = input?.rowNumber;
  const key = input?.key;
  return {
    tab,
    ref: { tab, rowNumber, key: typeof key === "string" ? key : String(key) },
    id,
    cells,
    problems: [],
  };
}

/** The cell exactly as typed ("" when blank or missing). */
export function raw(row: RowState, column: string): string {
  return row.cells[column] ?? "";
}

export function hasError(row: RowState): boolean {
  return row.problems.some((p) => p.severity === "error");
}

export interface ProblemSpec<C extends ProblemCode = ProblemCode> {
  code: C;
  /** Written at each call so the rule reads plainly; the type makes it the code's registered severity. */
  severity: (typeof problemCodes)[C]["severity"];
  /** The column the problem is about; its cell becomes the problem's `value`. */
  column?: string;
  zh: string;
  en: string;
}

/** Records a problem on the row, quoting the cell (cut to `VALUE_LIMIT`). */
export function report<C extends ProblemCode>(row: RowState, spec: ProblemSpec<C>): void {
  const problem: Problem = {
    tab: row.tab,
    row: row.ref.rowNumber,
    code: spec.code,
    zh: spec.zh,
    en: spec.en,
    severity: spec.severity,
  };
  if (row.id !== undefined) problem.id = row.id;
  if (spec.column !== undefined) {
    problem.column = spec.column;
    problem.value = clip(raw(row, spec.column), VALUE_LIMIT);
  }
  row.problems.push(problem);
}

// What Sheets shows for a formula that failed, or one still waiting for IMPORTXML and friends.
const FORMULA_ERROR = /^(?:#(?:REF!|N\/A|VALUE!|NAME\?|DIV\/0!|NUM!|NULL!|ERROR!|SPILL!|CALC!)|Loading\.\.\.)$/i;

/** Whether the cell shows a failed formula rather than anything typed. */
export function isFormulaError(text: string): boolean {
  return FORMULA_ERROR.test(text.trim());
}

// Per column type, an example of what to write, so "required" messages say how to fill the cell.
function fillHint(column: ManifestColumn): { zh: string; en: string } {
  switch (column.type) {
    case "phone":
      return { zh: "例如 13800138000", en: "e.g. 13800138000" };
    case "date":
      return { zh: "例如 2022-04-19", en: "e.g. 2022-04-19" };
    case "time":
      return { zh: "例如 08:00", en: "e.g. 08:00" };
    case "integer":
    case "number":
      return { zh: "填一个数字", en: "write a number" };
    case "enum":
      return {
        zh: `从下拉框选：${(column.options ?? []).map((o) => o.zh).join("、")}`,
        en: `pick from the dropdown: ${(column.options ?? []).map((o) => o.en).join(", ")}`,
      };
    default:
      return { zh: "请填写", en: "fill it in" };
  }
}

/** Options for reading one cell. */
export interface ReadOptions {
  /**
   * What an unreadable cell does to the row: "error" excludes it (the value matters for the plan),
   * "ignore" keeps the row and treats the cell as blank with a `value_ignored` warning.
   * Default: "error".
   */
  onInvalid?: "error" | "ignore";
  /** Code for a blank required cell (default `required_missing`). */
  missingCode?: ProblemCode;
  /** Code for an unreadable cell when `onInvalid` is "error" (default `value_invalid`). */
  invalidCode?: ProblemCode;
  /** Overrides the manifest's `required` (e.g. a post's headcount). */
  required?: boolean;
}

/** Reports a blank required cell. */
export function reportMissing(row: RowState, column: string, code: ProblemCode = "required_missing"): void {
  const spec = manifestColumn(row.tab, column);
  const hint = fillHint(spec);
  report(row, {
    code,
    severity: "error",
    column,
    zh: `“${spec.zh}”是必填的，这一格是空的：请${hint.zh}。`,
    en: `${spec.en} is required and this cell is blank: ${hint.en}.`,
  });
}

/** Reports a cell the normalizer refused, carrying the normalizer's own advice. */
export function reportInvalid(
  row: RowState,
  column: string,
  failure: Pick<Failure<string>, "zh" | "en">,
  options: ReadOptions = {},
): void {
  const spec = manifestColumn(row.tab, column);
  const shown = preview(raw(row, column));
  if ((options.onInvalid ?? "error") === "ignore") {
    report(row, {
      code: "value_ignored",
      severity: "warning",
      column,
      zh: `${spec.zh}“${shown}”看不懂，已当作空白：${failure.zh}`,
      en: `${spec.en} "${shown}" could not be read and counts as blank: ${failure.en}`,
    });
    return;
  }
  report(row, {
    code: options.invalidCode ?? "value_invalid",
    severity: "error",
    column,
    zh: `${spec.zh}“${shown}”有误：${failure.zh}`,
    en: `${spec.en} "${shown}" is wrong: ${failure.en}`,
  });
}

type Parse<T> = (text: string) => { ok: true; value: T } | { ok: false; zh: string; en: string };

/**
 * Reads a cell through `parse`: blank -> undefined (a problem if required), a formula error or a
 * refusal -> undefined plus a problem, otherwise the value.
 */
export function readCell<T>(row: RowState, column: string, parse: Parse<T>, options: ReadOptions = {}): T | undefined {
  const spec = manifestColumn(row.tab, column);
  const text = raw(row, column);
  const required = options.required ?? spec.required;
  if (isBlank(text)) {
    if (required) reportMissing(row, column, options.missingCode);
    return undefined;
  }
  if (isFormulaError(text)) {
    reportInvalid(
      row,
      column,
      {
        zh: "这一格的公式出错了，请直接填写内容或修好公式。",
        en: "This cell shows a failed formula; type the value in or fix the formula.",
      },
      { ...options, invalidCode: "formula_error" },
    );
    return undefined;
  }
  const parsed = parse(text);
  if (parsed.ok) return parsed.value;
  reportInvalid(row, column, parsed, options);
  return undefined;
}

/** Options for text cells. */
export interface TextOptions extends ReadOptions {
  /** IDs, names, buildings, zones, items: checked for length and for formula-looking text. */
  identifier?: boolean;
}

export { tidyText };

/**
 * Reads a text cell: identifiers as folded text (width, invisible characters and spaces folded, so
 * "Ｖ００１" is "V001"), free text tidied by `tidyText`. Identifiers longer than `IDENTIFIER_LIMIT`
 * are refused; identifiers starting with "=" are kept with a `looks_like_formula` warning (the
 * gateway reads what the sheet shows, so a visible "=..." was stored as text).
 */
export function readText(row: RowState, column: string, options: TextOptions = {}): string | undefined {
  const fold = options.identifier ? foldText : tidyText;
  const value = readCell(row, column, (text) => ({ ok: true, value: fold(text) }), options);
  if (value === "") {
    // Characters that fold away entirely (rare marks) leave a blank cell after all.
    if (options.required ?? manifestColumn(row.tab, column).required) reportMissing(row, column, options.missingCode);
    return undefined;
  }
  if (value === undefined || !options.identifier) return value;
  const spec = manifestColumn(row.tab, column);
  if (value.length > IDENTIFIER_LIMIT) {
    report(row, {
      code: "text_too_long",
      severity: "error",
      column,
      zh: `${spec.zh}有 ${value.length} 个字，太长了（最多 ${IDENTIFIER_LIMIT} 个）：这一格只写${spec.zh}，其他内容写在备注里。`,
      en: `${spec.en} is ${value.length} characters long (at most ${IDENTIFIER_LIMIT}): keep only the ${spec.en.toLowerCase()} here and put the rest in the note.`,
    });
    return undefined;
  }
  if (value.startsWith("=")) {
    report(row, {
      code: "looks_like_formula",
      severity: "warning",
      column,
      zh: `${spec.zh}“${preview(value)}”看起来像公式，不像${spec.zh}：请确认写的是对的。`,
      en: `${spec.en} "${preview(value)}" looks like a formula, not a ${spec.en.toLowerCase()}: check it is what you meant.`,
    });
  }
  return value;
}

/** The manifest's label for a column, for messages: { zh: "手机", en: "Phone" }. */
export function columnLabel(row: RowState, column: string): { zh: string; en: string } {
  const spec = manifestColumn(row.tab, column);
  return { zh: spec.zh, en: spec.en };
}

/**
 * The row's entity, when the row has no error: parsed through its schema so a normalizer bug
 * shows up as a `schema_mismatch` problem on this row instead of a malformed snapshot.
 */
export function accept<T>(row: RowState, schema: z.ZodType<T>, value: T): T | undefined {
  if (hasError(row)) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  report(row, {
    code: "schema_mismatch",
    severity: "error",
    zh: `这一行读出的内容不完整（系统内部问题）：请把这一行截图发给${terms.administrator.zh}。`,
    en: `This row read into an incomplete record (an internal problem): send a screenshot of the row to the ${terms.administrator.en.toLowerCase()}.`,
  });
  return undefined;
}

/**
 * Remembers a pure reader's result per distinct cell text. Rosters repeat the same few texts
 * thousands of times ("是 Yes", "全天 All day", "队长 Captain", a date), and some readers build
 * their matcher on every call; one memo per validation keeps a 10x roster fast.
 */
export function memo<T>(read: (text: string) => T, limit = 4096): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined || seen.has(text)) return hit as T;
    const value = read(text);
    // Long or unique texts (names, phones, pastes) would only fill the map.
    if (text.length <= 64 && seen.size < limit) seen.set(text, value);
    return value;
  };
}

/** "第 3、17 行" / "rows 3, 17" for messages about several rows. */
export function rowNumbers(rows: readonly { ref: RowRef }[]): { zh: string; en: string } {
  const numbers = rows.map((r) => r.ref.rowNumber);
  const shown = numbers.length > 6 ? [...numbers.slice(0, 6).map(String), "…"] : numbers.map(String);
  return { zh: `第 ${shown.join("、")} 行`, en: `${numbers.length === 1 ? "row" : "rows"} ${shown.join(", ")}` };
}

/**
 * Groups rows by a key in sheet order; keys that are undefined are skipped. Used for "this ID
 * appears twice" rules, which report on every row of a group larger than one.
 */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined || key === "") continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
