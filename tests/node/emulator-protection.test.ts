/**
 * Strict protections refuse the service account's writes, as Google does: an organizer who makes
 * a range strict (editors that do not include the service account) must see ZoneCrew's writes
 * fail with Google's 400, or no test would ever meet the error the outbox has to park.
 * Warning-only protections (what `sheet:init` puts on the system tabs) never refuse API writes.
 */
import { describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT } from "../../src/emulator/workbook.ts";
import { expectSheetsError, newModel } from "./support/emulator-model.ts";

const PROTECTED = "You are trying to edit a protected cell or object";

function signups() {
  const model = newModel([
    {
      title: "Signups",
      rows: [
        ["ID", "Name", "Check"],
        ["V1", "a", ""],
        ["V2", "b", ""],
      ],
    },
  ]);
  return model;
}

/** An organizer protects columns A:B strictly for themselves, leaving the Check column (C) open. */
function protectStrictly(model: ReturnType<typeof signups>, extra: Record<string, unknown> = {}) {
  model.batchUpdate({
    requests: [
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: 0, startColumnIndex: 0, endColumnIndex: 2 },
            editors: { users: ["organizer@example.com"] },
            ...extra,
          },
        },
      },
    ],
  });
}

const names = (model: ReturnType<typeof signups>) => model.valuesGet("Signups!B1:B3").values;

describe("protected ranges", () => {
  it("a strict protection refuses values.update, values.append and updateCells inside it, and applies nothing", () => {
    const model = signups();
    protectStrictly(model);
    expectSheetsError(
      () => model.valuesUpdate("Signups!B2", { values: [["x"]] }, { valueInputOption: "RAW" }),
      "INVALID_ARGUMENT",
      PROTECTED,
    );
    expectSheetsError(
      () => model.valuesAppend("Signups!A1", { values: [["V3", "c"]] }, { valueInputOption: "RAW" }),
      "INVALID_ARGUMENT",
      PROTECTED,
    );
    // One batchUpdate writing an open cell and a protected one: atomic, so neither lands.
    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [
            {
              updateCells: {
                start: { sheetId: 0, rowIndex: 1, columnIndex: 2 },
                rows: [{ values: [{ userEnteredValue: { stringValue: "✓" } }] }],
                fields: "userEnteredValue",
              },
            },
            {
              updateCells: {
                start: { sheetId: 0, rowIndex: 1, columnIndex: 1 },
                rows: [{ values: [{ userEnteredValue: { stringValue: "x" } }] }],
                fields: "userEnteredValue",
              },
            },
          ],
        }),
      "INVALID_ARGUMENT",
      PROTECTED,
    );
    expect(model.valuesGet("Signups!A1:C3").values).toEqual([
      ["ID", "Name", "Check"],
      ["V1", "a"],
      ["V2", "b"],
    ]);
  });

  it("cells outside it, its unprotected ranges, a warning-only protection and a listed service account are written", () => {
    const model = signups();
    protectStrictly(model, { unprotectedRanges: [{ sheetId: 0, startRowIndex: 2, endRowIndex: 3 }] });
    model.valuesUpdate("Signups!C2", { values: [["✓"]] }, { valueInputOption: "RAW" });
    model.valuesUpdate("Signups!B3", { values: [["b2"]] }, { valueInputOption: "RAW" });
    expect(model.valuesGet("Signups!B2:C3").values).toEqual([["a", "✓"], ["b2"]]);

    const warned = signups();
    protectStrictly(warned, { warningOnly: true, editors: undefined });
    warned.valuesUpdate("Signups!B2", { values: [["x"]] }, { valueInputOption: "RAW" });
    expect(names(warned)).toEqual([["Name"], ["x"], ["b"]]);

    const shared = signups();
    protectStrictly(shared, { editors: { users: ["organizer@example.com", EMULATOR_ACCOUNT] } });
    shared.valuesUpdate("Signups!B2", { values: [["x"]] }, { valueInputOption: "RAW" });
    expect(names(shared)).toEqual([["Name"], ["x"], ["b"]]);
  });

  it("the spreadsheet's owner typing in the grid page may edit a strictly protected cell", () => {
    const model = signups();
    protectStrictly(model);
    model.setUserEnteredValue("Signups", 1, 1, "typed by the owner");
    expect(names(model)).toEqual([["Name"], ["typed by the owner"], ["b"]]);
  });
});
