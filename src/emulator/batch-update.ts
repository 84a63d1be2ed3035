/**
 * spreadsheets.batchUpdate: dispatches each request to its handler and collects one reply per
 * request (`{}` for requests that have none), as Google does.
 *
 * Runs against a `Draft`; the model commits it only if every request succeeded, which is how
 * Google's all-or-nothing batches behave. Errors carry Google's prefix
 * (`Invalid requests[2].addSheet: ...`). Requests that only change how the sheet looks
 * (column widths, borders, merges, filters, conditional formats) are accepted and ignored; other
 * real request types the emulator does not model answer 501 UNIMPLEMENTED so a test notices.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { appendCells, mergeCells, repeatCell, setDataValidation, sortRange, updateCells } from "./cell-requests.ts";
import { invalidArgument, SheetsApiError } from "./errors.ts";
import { addProtectedRange, deleteProtectedRange, updateProtectedRange } from "./protected-ranges.ts";
import {
  addSheet,
  appendDimension,
  deleteDimensionRequest,
  deleteRange,
  deleteSheet,
  insertDimensionRequest,
  insertRange,
  updateSheetProperties,
  updateSpreadsheetProperties,
} from "./sheet-requests.ts";
import type { Draft } from "./workbook.ts";

type RequestKind = keyof sheets_v4.Schema$Request;
type Handler<K extends RequestKind> = (
  draft: Draft,
  body: NonNullable<sheets_v4.Schema$Request[K]>,
) => sheets_v4.Schema$Response | void;

const handlers: { [K in RequestKind]?: Handler<K> } = {
  addSheet,
  deleteSheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
  updateCells,
  appendCells,
  repeatCell,
  setDataValidation,
  sortRange,
  mergeCells,
  addProtectedRange,
  deleteProtectedRange,
  updateProtectedRange,
  insertDimension: insertDimensionRequest,
  deleteDimension: deleteDimensionRequest,
  appendDimension,
  insertRange,
  deleteRange,
};

const cosmetic = new Set<RequestKind>([
  "updateDimensionProperties",
  "autoResizeDimensions",
  "updateBorders",
  "unmergeCells",
  "addConditionalFormatRule",
  "setBasicFilter",
  "clearBasicFilter",
]);

/** Every request type of Sheets v4, to tell "not emulated" (501) from "not a request" (400). */
// prettier-ignore
const knownKinds = new Set<RequestKind>([
  "addBanding", "addChart", "addConditionalFormatRule", "addDataSource", "addDimensionGroup", "addFilterView",
  "addNamedRange", "addProtectedRange", "addSheet", "addSlicer", "addTable", "appendCells", "appendDimension",
  "autoFill", "autoResizeDimensions", "cancelDataSourceRefresh", "clearBasicFilter", "copyPaste",
  "createDeveloperMetadata", "cutPaste", "deleteBanding", "deleteConditionalFormatRule", "deleteDataSource",
  "deleteDeveloperMetadata", "deleteDimension", "deleteDimensionGroup", "deleteDuplicates", "deleteEmbeddedObject",
  "deleteFilterView", "deleteNamedRange", "deleteProtectedRange", "deleteRange", "deleteSheet", "deleteTable",
  "duplicateFilterView", "duplicateSheet", "findReplace", "insertDimension", "insertRange", "mergeCells",
  "moveDimension", "pasteData", "randomizeRange", "refreshDataSource", "repeatCell", "setBasicFilter",
  "setDataValidation", "sortRange", "textToColumns", "trimWhitespace", "unmergeCells", "updateBanding",
  "updateBorders", "updateCells", "updateChartSpec", "updateConditionalFormatRule", "updateDataSource",
  "updateDeveloperMetadata", "updateDimensionGroup", "updateDimensionProperties", "updateEmbeddedObjectBorder",
  "updateEmbeddedObjectPosition", "updateFilterView", "updateNamedRange", "updateProtectedRange",
  "updateSheetProperties", "updateSlicerSpec", "updateSpreadsheetProperties", "updateTable",
]);

function runOne(draft: Draft, request: unknown, i: number): sheets_v4.Schema$Response {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw invalidArgument(`Invalid JSON payload received. Expected an object at 'requests[${i}]'.`);
  }
  const kinds = Object.keys(request);
  for (const k of kinds) {
    if (!knownKinds.has(k as RequestKind)) {
      throw invalidArgument(
        `Invalid JSON payload received. Unknown name "${k}" at 'requests[${i}]': Cannot find field.`,
      );
    }
  }
  const [kind, second] = kinds as RequestKind[];
  if (!kind) throw invalidArgument(`Invalid requests[${i}]: No request set.`);
  if (second) {
    throw invalidArgument(`Invalid JSON payload received. Oneof field 'kind' is already set. Cannot set '${second}'`);
  }
  if (cosmetic.has(kind)) return {};
  const handler = handlers[kind] as Handler<RequestKind> | undefined;
  if (!handler) {
    throw new SheetsApiError(
      "UNIMPLEMENTED",
      `Invalid requests[${i}].${kind}: the Sheets emulator does not implement ${kind}.`,
    );
  }
  const body = (request as Record<string, unknown>)[kind] ?? {};
  try {
    return handler(draft, body as NonNullable<sheets_v4.Schema$Request[RequestKind]>) ?? {};
  } catch (err) {
    if (err instanceof SheetsApiError && !err.message.startsWith("Invalid requests[")) {
      throw new SheetsApiError(err.status, `Invalid requests[${i}].${kind}: ${err.message}`);
    }
    throw err;
  }
}

/** Applies every request to the draft and returns the replies; throws on the first failure. */
export function applyRequests(draft: Draft, requests: unknown): sheets_v4.Schema$Response[] {
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument("Must specify at least one request.");
  return requests.map((r, i) => runOne(draft, r, i));
}
