/**
 * One cell of the emulated sheet: its compact stored form and how Google turns input into it
 * (RAW vs USER_ENTERED) and renders it back (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA, CellData).
 *
 * The emulator stores formulas but never computes them: their effective value is the error
 * `#NAME?`, as Google shows for a function it does not know. Tests that need computed values
 * must write the result, not the formula. USER_ENTERED recognises numbers (`1,234.5`, `1e3`),
 * TRUE/FALSE, formulas, and (src/emulator/typed-input.ts) dates, times and percentages, which
 * become serial numbers with a number format chosen from how they were typed and the
 * spreadsheet's locale, and render back through that format as Google does. Currency stays text.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { invalidArgument } from "./errors.ts";
import { formatWithPattern, parseTyped } from "./typed-input.ts";

export type Scalar = string | number | boolean;

/** Stored cell; an empty object is never stored (the slot is null instead). */
export interface Cell {
  /** The entered literal; absent for formulas and for cells holding only a note, rule or format. */
  v?: Scalar;
  /** Formula text including the leading "=". */
  f?: string;
  note?: string;
  dv?: sheets_v4.Schema$DataValidationRule;
  fmt?: sheets_v4.Schema$CellFormat;
}

export type ValueInputOption = "RAW" | "USER_ENTERED";
export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";

/** What a write puts in the value slot: a literal (maybe with the number format Google picked), a formula, or nothing. */
export type Entered = { v: Scalar; format?: sheets_v4.Schema$NumberFormat } | { f: string } | null;

export const FORMULA_ERROR = "#NAME?";
const FORMULA_ERROR_MESSAGE = "The Sheets emulator stores formulas but does not compute them.";

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** A person typing `text` into a cell of a spreadsheet in `locale` (en/zh use the same separators). */
export function parseUserEntered(text: string, locale = "zh_CN"): Entered {
  if (text === "") return null;
  if (text.startsWith("'")) return text.length > 1 ? { v: text.slice(1) } : null;
  if (text.startsWith("=") && text.length > 1) return { f: text };
  const t = text.trim();
  const typed = parseTyped(t, locale);
  if (typed) return typed;
  if (PLAIN_NUMBER.test(t) || GROUPED_NUMBER.test(t)) {
    const n = Number(t.replace(/,/g, ""));
    if (Number.isFinite(n)) return { v: n };
  }
  if (/^true$/i.test(t)) return { v: true };
  if (/^false$/i.test(t)) return { v: false };
  return { v: text };
}

/**
 * One element of a `values` array. `undefined` means "leave the cell unchanged" (JSON null);
 * objects and arrays are rejected as Google rejects them.
 */
export function enteredFromJson(
  value: unknown,
  option: ValueInputOption,
  where: string,
  locale?: string,
): Entered | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidArgument(`Invalid ${where}: ${String(value)}`);
    return { v: value };
  }
  if (typeof value === "boolean") return { v: value };
  if (typeof value === "string") {
    if (option === "USER_ENTERED") return parseUserEntered(value, locale);
    return value === "" ? null : { v: value };
  }
  throw invalidArgument(`Invalid ${where}: struct_value or list_value is not a cell value`);
}

/** Google's ExtendedValue (updateCells, repeatCell) -> the value slot; stringValue stays text even with "=". */
export function enteredFromExtended(ev: sheets_v4.Schema$ExtendedValue | undefined): Entered {
  if (!ev) return null;
  if (typeof ev.formulaValue === "string") return { f: ev.formulaValue };
  if (typeof ev.numberValue === "number") return { v: ev.numberValue };
  if (typeof ev.boolValue === "boolean") return { v: ev.boolValue };
  if (typeof ev.stringValue === "string") return ev.stringValue === "" ? null : { v: ev.stringValue };
  return null;
}

/** Returns the cell with its value replaced, or null when nothing is left in it. */
export function withEntered(cell: Cell | null | undefined, entered: Entered): Cell | null {
  const next: Cell = { ...cell };
  delete next.v;
  delete next.f;
  if (entered && "f" in entered) next.f = entered.f;
  else if (entered) {
    next.v = entered.v;
    // Google keeps a cell's format when a plain value is typed over it, and sets the one it picked
    // when the input was a date, a time or a percentage.
    if (entered.format) next.fmt = { ...next.fmt, numberFormat: entered.format };
  }
  return compactCell(next);
}

export function compactCell(cell: Cell): Cell | null {
  return Object.keys(cell).length === 0 ? null : cell;
}

/** True when the cell holds a value or formula (notes, rules and formats alone do not count). */
export function hasValue(cell: Cell | null | undefined): cell is Cell {
  return !!cell && (cell.v !== undefined || cell.f !== undefined);
}

/** Spreadsheets keep 15 significant digits; this hides binary noise such as 0.30000000000000004. */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return "0";
  return String(Number(n.toPrecision(15)));
}

export function formattedValue(cell: Cell | null | undefined): string {
  if (!hasValue(cell)) return "";
  if (cell.f !== undefined) return FORMULA_ERROR;
  const v = cell.v;
  if (typeof v === "number") return formatWithPattern(v, cell.fmt?.numberFormat) ?? formatNumber(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return v ?? "";
}

/** A cell as values.get returns it; "" for empty cells inside the returned rectangle. */
export function renderValue(cell: Cell | null | undefined, option: ValueRenderOption): Scalar {
  if (!hasValue(cell)) return "";
  if (option === "FORMATTED_VALUE") return formattedValue(cell);
  if (cell.f !== undefined) return option === "FORMULA" ? cell.f : FORMULA_ERROR;
  return cell.v ?? "";
}

/** What the formula bar shows, such that typing it back (USER_ENTERED) gives the same cell. */
export function editText(cell: Cell | null | undefined): string {
  if (!hasValue(cell)) return "";
  if (cell.f !== undefined) return cell.f;
  const v = cell.v;
  if (typeof v !== "string") return formattedValue(cell);
  const roundTrips = (() => {
    const e = parseUserEntered(v);
    return e !== null && "v" in e && e.v === v;
  })();
  return roundTrips ? v : `'${v}`;
}

function extendedOf(cell: Cell): sheets_v4.Schema$ExtendedValue | undefined {
  if (cell.f !== undefined) return { formulaValue: cell.f };
  if (typeof cell.v === "number") return { numberValue: cell.v };
  if (typeof cell.v === "boolean") return { boolValue: cell.v };
  if (typeof cell.v === "string") return { stringValue: cell.v };
  return undefined;
}

/** The CellData that spreadsheets.get returns with includeGridData; `{}` for an empty slot. */
export function toCellData(cell: Cell | null | undefined): sheets_v4.Schema$CellData {
  if (!cell) return {};
  const data: sheets_v4.Schema$CellData = {};
  const entered = extendedOf(cell);
  if (entered) {
    data.userEnteredValue = entered;
    data.effectiveValue =
      cell.f !== undefined ? { errorValue: { type: "NAME", message: FORMULA_ERROR_MESSAGE } } : entered;
    data.formattedValue = formattedValue(cell);
  }
  if (cell.fmt) data.userEnteredFormat = cell.fmt;
  if (cell.note !== undefined) data.note = cell.note;
  if (cell.dv) data.dataValidation = cell.dv;
  return data;
}

/**
 * Sort order Google uses for values: numbers, then text (case-insensitive), then booleans, then
 * errors; empty cells are handled by the caller because they go last in both directions.
 */
export function compareValues(a: Cell, b: Cell): number {
  const rank = (c: Cell): number =>
    c.f !== undefined ? 3 : typeof c.v === "number" ? 0 : typeof c.v === "string" ? 1 : 2;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a.v === "number" && typeof b.v === "number") return a.v - b.v;
  if (typeof a.v === "string" && typeof b.v === "string") {
    const x = a.v.toLowerCase();
    const y = b.v.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a.v === "boolean" && typeof b.v === "boolean") return Number(a.v) - Number(b.v);
  return 0;
}
