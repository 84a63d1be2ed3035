/**
 * Importing a WeChat 接龙 (sign-up chain) into the Signups tab, as pure functions: parse the
 * pasted text (./chain/parse.ts), match each numbered line to the roster (./chain/match.ts),
 * merge with the sign-ups the sheet already has for the date (./chain/merge.ts), and decide the
 * whole import with its report (./chain/import.ts); the chains in the Paste tab, pasted into one
 * cell or spread over rows (./chain/paste-rows.ts).
 *
 * @example
 * import { chainImportReport, planChainImport } from "./chain.ts";
 * const plan = planChainImport({ text, today: "2022-04-18", date: "2022-04-19", roster, existing });
 * if (!plan.refusal) report = chainImportReport(plan, appendedBySheet);
 */
export {
  MAX_CHAIN_BYTES,
  MAX_CHAIN_LINES,
  MAX_LINE_LENGTH,
  chainLines,
  parseChain,
  type ChainLine,
  type ChainRefusal,
  type ChainRefusalCode,
  type IgnoredLine,
  type IgnoredReason,
  type ParseContext,
  type ParsedChain,
} from "./chain/parse.ts";
export { readEntry, type EntryFields } from "./chain/entry.ts";
export { dateMentions, type DateMention } from "./chain/dates.ts";
export { pastedChains, type PasteRow, type PastedChain } from "./chain/paste-rows.ts";
export {
  idKey,
  matchLines,
  type BrokenRosterRow,
  type MatchResult,
  type MatchedBy,
  type MatchedLine,
  type RosterVolunteer,
  type UnmatchedCode,
  type UnmatchedLine,
} from "./chain/match.ts";
export {
  IMPORT_NOTE,
  availabilityLabel,
  mergeSignups,
  type ExistingSignup,
  type MergeResult,
  type MergedVolunteer,
  type PresentVolunteer,
  type SignupRowCells,
} from "./chain/merge.ts";
export {
  FOREIGN_MIN_LINES,
  IGNORED_LISTED,
  UNMATCHED_LISTED,
  chainImportReport,
  ignoredLines,
  planChainImport,
  unmatchedLines,
  type ChainImportInput,
  type ChainImportPlan,
  type ChainImportRefusal,
  type ChainImportReport,
  type ChainSummary,
  type ReportNote,
} from "./chain/import.ts";
