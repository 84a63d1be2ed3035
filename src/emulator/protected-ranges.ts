/**
 * addProtectedRange, updateProtectedRange, deleteProtectedRange. The system tabs (Plan, Problems)
 * are protected so organizers get a warning before typing over what the Worker mirrors; the
 * emulator stores the protection and returns it, but does not enforce it (a service account is
 * an editor anyway, and the grid page is a developer tool).
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { invalidArgument } from "./errors.ts";
import { applyMask } from "./field-mask.ts";
import { gridRect } from "./grid-range.ts";
import type { Draft, SheetState, StoredProtectedRange } from "./workbook.ts";

/** Keeps only the indices the caller gave: a range with just a sheetId protects the whole sheet. */
function checkedRange(draft: Draft, range: sheets_v4.Schema$GridRange | undefined): StoredProtectedRange["range"] {
  if (!range) throw invalidArgument("A protected range needs a range (named ranges are not emulated).");
  const { sheet } = gridRect(draft, range);
  const out: StoredProtectedRange["range"] = { sheetId: sheet.properties.sheetId };
  for (const k of ["startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"] as const) {
    const v = range[k];
    if (typeof v === "number") out[k] = v;
  }
  return out;
}

function findProtected(draft: Draft, id: number | null | undefined): { sheet: SheetState; index: number } {
  for (const sheet of draft.state.sheets) {
    const index = sheet.protectedRanges.findIndex((p) => p.protectedRangeId === id);
    if (index >= 0) return { sheet, index };
  }
  throw invalidArgument(`No protected range with id: ${id ?? 0}`);
}

export function addProtectedRange(
  draft: Draft,
  req: sheets_v4.Schema$AddProtectedRangeRequest,
): sheets_v4.Schema$Response {
  const given = structuredClone(req.protectedRange ?? {});
  const range = checkedRange(draft, given.range);
  let id: number;
  if (typeof given.protectedRangeId === "number") {
    const taken = draft.state.sheets.some((s) =>
      s.protectedRanges.some((p) => p.protectedRangeId === given.protectedRangeId),
    );
    if (taken) throw invalidArgument(`A protected range with id ${given.protectedRangeId} already exists.`);
    id = given.protectedRangeId;
  } else {
    id = draft.state.nextProtectedRangeId++;
  }
  const stored: StoredProtectedRange = { ...given, protectedRangeId: id, range, requestingUserCanEdit: true };
  if (!stored.warningOnly) delete stored.warningOnly;
  draft.edit(range.sheetId).protectedRanges.push(stored);
  draft.log.meta = true;
  return { addProtectedRange: { protectedRange: structuredClone(stored) } };
}

export function deleteProtectedRange(draft: Draft, req: sheets_v4.Schema$DeleteProtectedRangeRequest): void {
  const { sheet, index } = findProtected(draft, req.protectedRangeId);
  draft.edit(sheet.properties.sheetId).protectedRanges.splice(index, 1);
  draft.log.meta = true;
}

const PROTECTED_FIELDS = [
  "range",
  "description",
  "warningOnly",
  "requestingUserCanEdit",
  "unprotectedRanges",
  "editors",
];

export function updateProtectedRange(draft: Draft, req: sheets_v4.Schema$UpdateProtectedRangeRequest): void {
  if (!req.fields) throw invalidArgument("At least one field must be updated, but 'fields' is empty.");
  const source = req.protectedRange ?? {};
  const { sheet, index } = findProtected(draft, source.protectedRangeId);
  const from = draft.edit(sheet.properties.sheetId);
  const current = structuredClone(from.protectedRanges[index]!);
  applyMask(
    current as unknown as Record<string, unknown>,
    source as Record<string, unknown>,
    req.fields,
    PROTECTED_FIELDS,
  );
  current.range = checkedRange(draft, current.range);
  current.protectedRangeId = source.protectedRangeId ?? current.protectedRangeId;
  if (!current.warningOnly) delete current.warningOnly;
  from.protectedRanges.splice(index, 1);
  draft
    .edit(current.range.sheetId)
    .protectedRanges.splice(
      current.range.sheetId === sheet.properties.sheetId ? index : Number.MAX_SAFE_INTEGER,
      0,
      current,
    );
  draft.log.meta = true;
}
