/**
 * The normalization layer: reads what organizers type into the sheet (full-width digits, Chinese
 * dates and times, phone numbers with prefixes, building nicknames, decorated names) into the
 * values planning uses. The sheet's text is never rewritten; every reader returns a value or a
 * failure saying why, in Chinese and English.
 *
 * @example
 * import { normalizeDate, normalizePhone } from "./normalize.ts";
 * normalizePhone("+86 138 0013 8000"); // { ok: true, value: "13800138000" }
 * normalizeDate("明天", { today: "2022-04-18" }); // { ok: true, value: "2022-04-19" }
 */
export { blank, fail, ok, type Failure, type Ok, type Parsed } from "./normalize/result.ts";
export { foldKey, foldText, parseChineseNumeral, tidyText } from "./normalize/text.ts";
export { normalizePhone, phoneTail, type PhoneFailureReason, type PhoneTailFailureReason } from "./normalize/phone.ts";
export { normalizeDate, type DateContext, type DateFailureReason } from "./normalize/date.ts";
export {
  normalizeTime,
  normalizeTimeRange,
  type TimeFailureReason,
  type TimeOfDay,
  type TimeRange,
  type TimeRangeFailureReason,
} from "./normalize/time.ts";
export { normalizeBoolean, type BooleanFailureReason } from "./normalize/boolean.ts";
export {
  AVAILABILITY_OPTIONS,
  AVAILABILITY_SYNONYMS,
  matchOption,
  matchOptionList,
  normalizeAvailability,
  optionKey,
  optionMatcher,
  type Availability,
  type AvailabilityFailureReason,
  type LabeledOption,
  type OptionFailureReason,
  type OptionListResult,
  type OptionSynonyms,
} from "./normalize/option.ts";
export {
  parseDecimal,
  parseInteger,
  type DecimalFailureReason,
  type IntegerFailureReason,
} from "./normalize/number.ts";
export {
  buildBuildingIndex,
  buildingKey,
  type BuildingKeyFailureReason,
  type BuildingMatch,
  type BuildingResolver,
  type BuildingRow,
} from "./normalize/building.ts";
export { nameKey, namesMatch, normalizeName } from "./normalize/name.ts";
