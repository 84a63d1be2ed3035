/**
 * The validator: organizer rows in, a planning snapshot and every problem out, each problem on its
 * row with a stable code and a message in Chinese and English that says what to do.
 *
 * The rules live per tab in ./validate/ (volunteers, signups, buildings, workflow, parcels,
 * supplies); ./validate/row.ts turns what a cell can hold — blank, a formula error, 5,000
 * characters, emoji, a number where text belongs — into a value or a problem, never a throw.
 * Severity `error` keeps the row out of the snapshot; `warning` keeps it in.
 *
 * @example
 * import { validateWorkbook } from "./validate.ts";
 * const { snapshot, problems, check } = validateWorkbook({ tabs: read.tabs, today: "2022-04-18" });
 */
export {
  CHECK_OK,
  DEFAULT_AGE_LIMIT,
  checkText,
  rowStatusKey,
  sortProblems,
  validateWorkbook,
  type TabSummary,
  type ValidateInput,
  type ValidationResult,
} from "./validate/workbook.ts";
export { SIGNUP_DAYS_AHEAD, mergeAvailability } from "./validate/signups.ts";
export { IDENTIFIER_LIMIT, VALUE_LIMIT, type RowInput } from "./validate/row.ts";
export { problemCodes, type ProblemCode } from "./validate/codes.ts";
