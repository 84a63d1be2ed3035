/**
 * Strict data validation ("Reject the input" in Google's UI) for API writes. A rule that is not
 * strict only marks a cell; a strict one refuses a value that breaks it, and the whole call fails
 * (batchUpdate is atomic), so the outbox must see it as a refusal Google will repeat, not as a
 * bad moment. Google's exact message for this case is not in its documentation; ours says
 * "data validation" in Google's style (README, "What the emulator does not emulate").
 *
 * Conditions checked: ONE_OF_LIST, BOOLEAN, the NUMBER_* comparisons, TEXT_CONTAINS,
 * TEXT_NOT_CONTAINS, TEXT_EQ, TEXT_IS_EMAIL, TEXT_IS_URL, DATE_IS_VALID and the list form of
 * CUSTOM_FORMULA is not: an unknown or formula condition lets the value through (a formula would
 * need the formula engine the emulator does not have).
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { invalidArgument, type SheetsApiError } from "./errors.ts";
import { formattedValue, hasValue, type Cell } from "./cell-value.ts";

const literal = (v: sheets_v4.Schema$ConditionValue | undefined) => v?.userEnteredValue ?? "";

/** True when `cell`'s value breaks `rule` (an empty cell never does). */
export function violates(rule: sheets_v4.Schema$DataValidationRule, cell: Cell): boolean {
  if (!hasValue(cell) || cell.f !== undefined) return false;
  const condition = rule.condition;
  const values = condition?.values ?? [];
  const shown = formattedValue(cell);
  const n = typeof cell.v === "number" ? cell.v : Number.NaN;
  const number = (i: number) => Number(literal(values[i]));
  switch (condition?.type) {
    case "ONE_OF_LIST":
      return !values.some((v) => literal(v) === shown);
    case "BOOLEAN":
      return typeof cell.v !== "boolean" && !values.some((v) => literal(v) === shown);
    case "NUMBER_GREATER":
      return !(n > number(0));
    case "NUMBER_GREATER_THAN_EQ":
      return !(n >= number(0));
    case "NUMBER_LESS":
      return !(n < number(0));
    case "NUMBER_LESS_THAN_EQ":
      return !(n <= number(0));
    case "NUMBER_EQ":
      return !(n === number(0));
    case "NUMBER_NOT_EQ":
      return !(Number.isFinite(n) && n !== number(0));
    case "NUMBER_BETWEEN":
      return !(n >= number(0) && n <= number(1));
    case "NUMBER_NOT_BETWEEN":
      return !(Number.isFinite(n) && (n < number(0) || n > number(1)));
    case "TEXT_CONTAINS":
      return !shown.includes(literal(values[0]));
    case "TEXT_NOT_CONTAINS":
      return shown.includes(literal(values[0]));
    case "TEXT_EQ":
      return shown !== literal(values[0]);
    case "TEXT_IS_EMAIL":
      return !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(shown);
    case "TEXT_IS_URL":
      return !/^https?:\/\/\S+$/.test(shown);
    case "DATE_IS_VALID":
      // Typed input makes a date a serial number with a date format.
      return !(typeof cell.v === "number" && /^DATE/.test(cell.fmt?.numberFormat?.type ?? ""));
    default:
      return false;
  }
}

export function invalidData(a1: string): SheetsApiError {
  return invalidArgument(
    `Invalid value at ${a1}: the input violates the data validation rule set on this cell, which rejects invalid input.`,
  );
}
