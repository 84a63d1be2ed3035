/**
 * spreadsheets.batchUpdate and spreadsheets.get against the emulator model: the requests
 * `sheet:init` and google-spreadsheet send, the refusals Google answers with, and the structural
 * edits (insert, delete, sort) that organizers make while the Worker reads the sheet.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { describe, expect, it } from "vitest";
import { selectFields } from "../../src/emulator/field-mask.ts";
import { expectSheetsError, newModel } from "./support/emulator-model.ts";

function seeded() {
  return newModel([
    {
      title: "Volunteers",
      frozenRowCount: 1,
      rows: [
        ["ID", "Name", "Zone"],
        ["V1", "a", "east"],
        ["V2", "b", "west"],
        ["V3", "c", "east"],
      ],
    },
    { title: "Plan" },
  ]);
}

const col = (model: ReturnType<typeof newModel>, range: string) =>
  (model.valuesGet(range, { majorDimension: "COLUMNS" }).values ?? [])[0] ?? [];

describe("addSheet and deleteSheet", () => {
  it("adds a 1000x26 sheet at the end with a fresh sheetId and replies with its properties", () => {
    const model = seeded();
    const res = model.batchUpdate({ requests: [{ addSheet: { properties: { title: "问题 Problems" } } }] });
    expect(res.replies).toEqual([
      {
        addSheet: {
          properties: {
            sheetId: 2,
            title: "问题 Problems",
            index: 2,
            sheetType: "GRID",
            gridProperties: { rowCount: 1000, columnCount: 26 },
          },
        },
      },
    ]);
  });

  it("refuses a duplicate title, ignoring case, with Google's message", () => {
    const model = seeded();
    const err = expectSheetsError(
      () => model.batchUpdate({ requests: [{ addSheet: { properties: { title: "plan" } } }] }),
      "INVALID_ARGUMENT",
      'A sheet with the name "plan" already exists. Please enter another name.',
    );
    expect(err.httpStatus).toBe(400);
    expect(err.message).toMatch(/^Invalid requests\[0\]\.addSheet: /);
  });

  it("inserts at a requested index and names untitled sheets SheetN", () => {
    const model = seeded();
    model.batchUpdate({ requests: [{ addSheet: { properties: { index: 0 } } }] });
    expect(model.get().sheets?.map((s) => [s.properties?.title, s.properties?.index])).toEqual([
      ["Sheet3", 0],
      ["Volunteers", 1],
      ["Plan", 2],
    ]);
  });

  it("deletes a sheet but never the last one", () => {
    const model = seeded();
    model.batchUpdate({ requests: [{ deleteSheet: { sheetId: 1 } }] });
    expect(model.get().sheets?.map((s) => s.properties?.title)).toEqual(["Volunteers"]);
    expectSheetsError(
      () => model.batchUpdate({ requests: [{ deleteSheet: { sheetId: 0 } }] }),
      "INVALID_ARGUMENT",
      "You can't remove all the sheets in a document.",
    );
    expectSheetsError(
      () => model.batchUpdate({ requests: [{ deleteSheet: { sheetId: 42 } }] }),
      "INVALID_ARGUMENT",
      "No grid with id: 42",
    );
  });
});

describe("request validation", () => {
  it("answers an unknown request type with Google's INVALID_ARGUMENT payload error", () => {
    const model = seeded();
    expectSheetsError(
      () => model.batchUpdate({ requests: [{ fooBar: {} } as sheets_v4.Schema$Request] }),
      "INVALID_ARGUMENT",
      `Invalid JSON payload received. Unknown name "fooBar" at 'requests[0]': Cannot find field.`,
    );
  });

  it("answers 501 for a real request the emulator does not model, so a test notices", () => {
    const err = expectSheetsError(
      () => seeded().batchUpdate({ requests: [{ addChart: {} }] }),
      "UNIMPLEMENTED",
      "addChart",
    );
    expect(err.httpStatus).toBe(501);
  });

  it("accepts and ignores requests that only change how the sheet looks", () => {
    const res = seeded().batchUpdate({
      requests: [{ autoResizeDimensions: { dimensions: { sheetId: 0, dimension: "COLUMNS" } } }],
    });
    expect(res.replies).toEqual([{}]);
  });

  it("refuses an empty batch", () => {
    expectSheetsError(
      () => seeded().batchUpdate({ requests: [] }),
      "INVALID_ARGUMENT",
      "Must specify at least one request.",
    );
  });

  it("refuses a range past the grid instead of growing it (only values writes grow)", () => {
    expectSheetsError(
      () =>
        seeded().batchUpdate({
          requests: [
            {
              repeatCell: {
                range: { sheetId: 0, startRowIndex: 999, endRowIndex: 1001, startColumnIndex: 0, endColumnIndex: 1 },
                cell: { note: "x" },
                fields: "note",
              },
            },
          ],
        }),
      "INVALID_ARGUMENT",
      "Range ('Volunteers'!A1000:A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    );
  });
});

describe("atomic batches", () => {
  it("applies nothing when a later request fails, including sheets added and cells written earlier", () => {
    const model = seeded();
    model.takeDirty();
    const before = model.get({ includeGridData: true });
    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [
            { addSheet: { properties: { title: "New" } } },
            {
              updateCells: {
                range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 1, endColumnIndex: 2 },
                rows: [{ values: [{ userEnteredValue: { stringValue: "changed" } }] }],
                fields: "userEnteredValue",
              },
            },
            { updateSheetProperties: { properties: { sheetId: 1, title: "Volunteers" }, fields: "title" } },
          ],
        }),
      "INVALID_ARGUMENT",
      /^Invalid requests\[2\]\.updateSheetProperties: A sheet with the name/,
    );
    expect(model.get({ includeGridData: true })).toEqual(before);
    expect(model.takeDirty()).toEqual({ meta: false, chunks: [], deletedSheets: [] });
    // The failed addSheet must not have used up a sheetId either.
    const added = model.batchUpdate({ requests: [{ addSheet: {} }] }).replies?.[0]?.addSheet?.properties;
    expect(added?.sheetId).toBe(2);
  });
});

describe("includeSpreadsheetInResponse", () => {
  it("returns the spreadsheet as spreadsheets.get does, which google-spreadsheet v5 requires", () => {
    const model = seeded();
    const res = model.batchUpdate(
      {
        requests: [{ updateSpreadsheetProperties: { properties: { title: "新标题 New title" }, fields: "title" } }],
        includeSpreadsheetInResponse: true,
      },
      { spreadsheetUrl: "http://127.0.0.1:8787/emulator/grid?spreadsheet=test-sheet" },
    );
    expect(res.updatedSpreadsheet?.properties).toEqual({
      title: "新标题 New title",
      locale: "zh_CN",
      autoRecalc: "ON_CHANGE",
      timeZone: "Asia/Shanghai",
    });
    expect(res.updatedSpreadsheet?.sheets?.map((s) => s.properties?.title)).toEqual(["Volunteers", "Plan"]);
    expect(res.updatedSpreadsheet).toEqual(
      model.get({ spreadsheetUrl: "http://127.0.0.1:8787/emulator/grid?spreadsheet=test-sheet" }),
    );
  });
});

describe("updateSheetProperties", () => {
  it("renames, freezes and recolours through the fields mask, leaving other fields alone", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          updateSheetProperties: {
            properties: {
              sheetId: 1,
              title: "分工 Plan",
              gridProperties: { frozenRowCount: 2, rowCount: 5 },
              tabColor: { red: 1 },
            },
            fields: "title,gridProperties.frozenRowCount,tabColor",
          },
        },
      ],
    });
    expect(model.get().sheets?.[1]?.properties).toEqual({
      sheetId: 1,
      title: "分工 Plan",
      index: 1,
      sheetType: "GRID",
      gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 2 },
      tabColor: { red: 1 },
    });
  });

  it("shrinking rowCount drops the rows past the new end; index moves the tab", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId: 0, gridProperties: { rowCount: 3 } },
            fields: "gridProperties.rowCount",
          },
        },
        { updateSheetProperties: { properties: { sheetId: 0, index: 1 }, fields: "index" } },
      ],
    });
    expect(model.valuesGet("Volunteers").values).toEqual([
      ["ID", "Name", "Zone"],
      ["V1", "a", "east"],
      ["V2", "b", "west"],
    ]);
    expect(model.get().sheets?.map((s) => s.properties?.title)).toEqual(["Plan", "Volunteers"]);
  });

  it("refuses to hide every sheet or freeze every row", () => {
    const model = newModel();
    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [{ updateSheetProperties: { properties: { sheetId: 0, hidden: true }, fields: "hidden" } }],
        }),
      "INVALID_ARGUMENT",
      "You can't hide all the sheets in a document.",
    );
    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [
            {
              updateSheetProperties: {
                properties: { sheetId: 0, gridProperties: { frozenRowCount: 1000 } },
                fields: "gridProperties.frozenRowCount",
              },
            },
          ],
        }),
      "INVALID_ARGUMENT",
      "You can't freeze all visible rows on the sheet.",
    );
  });
});

describe("cells: updateCells, repeatCell, setDataValidation and grid data", () => {
  it("updateCells honours the mask: values and notes written, other fields kept", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 1, columnIndex: 1 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 7 }, note: "checked" }] }],
            fields: "userEnteredValue,note",
          },
        },
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 2, columnIndex: 1 },
            rows: [{ values: [{ note: "only a note" }] }],
            fields: "note",
          },
        },
      ],
    });
    const data = model.get({ includeGridData: true, ranges: ["Volunteers!B2:B3"] }).sheets?.[0]?.data?.[0];
    expect(data?.startRow).toBe(1);
    expect(data?.startColumn).toBe(1);
    expect(data?.rowData).toEqual([
      {
        values: [
          {
            userEnteredValue: { numberValue: 7 },
            effectiveValue: { numberValue: 7 },
            formattedValue: "7",
            note: "checked",
          },
        ],
      },
      {
        values: [
          {
            userEnteredValue: { stringValue: "b" },
            effectiveValue: { stringValue: "b" },
            formattedValue: "b",
            note: "only a note",
          },
        ],
      },
    ]);
    expect(data?.rowMetadata).toHaveLength(2);
    expect(data?.columnMetadata).toHaveLength(1);
  });

  it("updateCells with a range clears masked fields of cells its rows do not reach", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          updateCells: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 },
            rows: [{ values: [{ userEnteredValue: { stringValue: "=not a formula" } }] }],
            fields: "userEnteredValue",
          },
        },
      ],
    });
    expect(col(model, "Volunteers!A1:A4")).toEqual(["ID", "=not a formula", "", "V3"]);
  });

  it("repeatCell stores a format as given and leaves values alone", () => {
    const model = seeded();
    const format = { backgroundColor: { red: 0.9, green: 0.9, blue: 0.9 }, textFormat: { bold: true } };
    model.batchUpdate({
      requests: [
        {
          repeatCell: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 },
            cell: { userEnteredFormat: format },
            fields: "userEnteredFormat(backgroundColor,textFormat)",
          },
        },
      ],
    });
    const first = model.get({ includeGridData: true, ranges: ["Volunteers!A1"] }).sheets?.[0]?.data?.[0]?.rowData?.[0];
    expect(first?.values?.[0]).toMatchObject({ formattedValue: "ID", userEnteredFormat: format });
  });

  it("setDataValidation stores a dropdown per cell and a null rule clears it", () => {
    const model = seeded();
    const rule = {
      condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "east" }, { userEnteredValue: "west" }] },
      strict: true,
      showCustomUi: true,
    };
    const zoneColumn = { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 };
    model.batchUpdate({ requests: [{ setDataValidation: { range: zoneColumn, rule } }] });
    const rows = model.get({ includeGridData: true, ranges: ["Volunteers!C2:C4"] }).sheets?.[0]?.data?.[0]?.rowData;
    expect(rows?.map((r) => r.values?.[0]?.dataValidation)).toEqual([rule, rule, rule]);
    expect(model.gridPageProps({ tab: "Volunteers" }).allowed["C3"]).toEqual(["east", "west"]);

    model.batchUpdate({ requests: [{ setDataValidation: { range: { ...zoneColumn, startRowIndex: 2 } } }] });
    const after = model.get({ includeGridData: true, ranges: ["Volunteers!C2:C4"] }).sheets?.[0]?.data?.[0]?.rowData;
    expect(after?.map((r) => r.values?.[0]?.dataValidation)).toEqual([rule, undefined, undefined]);
  });

  it("reports a formula's effective value as #NAME? because the emulator does not compute", () => {
    const model = newModel();
    model.valuesUpdate("Sheet1!A1", { values: [["=1+1"]] }, { valueInputOption: "USER_ENTERED" });
    const cell = model.get({ includeGridData: true }).sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
    expect(cell?.userEnteredValue).toEqual({ formulaValue: "=1+1" });
    expect(cell?.effectiveValue?.errorValue?.type).toBe("NAME");
    expect(cell?.formattedValue).toBe("#NAME?");
  });

  it("get with ranges returns only the sheets those ranges touch", () => {
    const res = seeded().get({ ranges: ["Plan!A1"] });
    expect(res.sheets?.map((s) => s.properties?.title)).toEqual(["Plan"]);
    expect(res.sheets?.[0]?.data).toBeUndefined();
  });
});

describe("protected ranges", () => {
  it("adds with an assigned id, whole-sheet when the range has only a sheetId, then updates and deletes", () => {
    const model = seeded();
    const res = model.batchUpdate({
      requests: [
        {
          addProtectedRange: {
            protectedRange: { range: { sheetId: 1 }, description: "系统 System", warningOnly: true },
          },
        },
        {
          addProtectedRange: {
            protectedRange: {
              range: { sheetId: 0, startColumnIndex: 3, endColumnIndex: 4 },
              editors: { users: ["svc@x"] },
            },
          },
        },
      ],
    });
    const first = res.replies?.[0]?.addProtectedRange?.protectedRange;
    expect(first).toEqual({
      protectedRangeId: 1,
      range: { sheetId: 1 },
      description: "系统 System",
      warningOnly: true,
      requestingUserCanEdit: true,
    });
    expect(res.replies?.[1]?.addProtectedRange?.protectedRange?.protectedRangeId).toBe(2);

    model.batchUpdate({
      requests: [
        {
          updateProtectedRange: {
            protectedRange: { protectedRangeId: 1, description: "改 Changed" },
            fields: "description",
          },
        },
        { deleteProtectedRange: { protectedRangeId: 2 } },
      ],
    });
    const sheets = model.get().sheets;
    expect(sheets?.[0]?.protectedRanges).toBeUndefined();
    expect(sheets?.[1]?.protectedRanges?.[0]).toMatchObject({
      protectedRangeId: 1,
      description: "改 Changed",
      warningOnly: true,
    });
  });
});

describe("insertDimension, deleteDimension, appendDimension", () => {
  it("inserting rows shifts values, validations, protected ranges and the frozen header down", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          setDataValidation: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 },
            rule: { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "east" }] } },
          },
        },
        { addProtectedRange: { protectedRange: { range: { sheetId: 0, startRowIndex: 2, endRowIndex: 4 } } } },
        { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } },
        {
          insertDimension: {
            range: { sheetId: 0, dimension: "ROWS", startIndex: 4, endIndex: 5 },
            inheritFromBefore: true,
          },
        },
      ],
    });
    expect(col(model, "Volunteers!A1:A6")).toEqual(["", "ID", "V1", "V2", "", "V3"]);
    const sheet = model.get().sheets?.[0];
    expect(sheet?.properties?.gridProperties).toEqual({ rowCount: 1002, columnCount: 26, frozenRowCount: 2 });
    // The second insert lands inside the protected rows (3..5 after the first insert), so they grow to 3..6.
    expect(sheet?.protectedRanges?.[0]?.range).toEqual({ sheetId: 0, startRowIndex: 3, endRowIndex: 6 });
    // The inserted row takes its neighbour's dropdown, as inserting in the Sheets UI does.
    expect(Object.keys(model.gridPageProps({ tab: "Volunteers" }).allowed).sort()).toEqual(["C3", "C4", "C5", "C6"]);
  });

  it("inserting columns shifts cells right", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [{ insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 1, endIndex: 3 } } }],
    });
    expect(model.valuesGet("Volunteers!A1:E1").values).toEqual([["ID", "", "", "Name", "Zone"]]);
    expect(model.get().sheets?.[0]?.properties?.gridProperties?.columnCount).toBe(28);
  });

  it("deleting rows pulls the rest up, shrinks the frozen header and refuses to delete everything", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [{ deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 3 } } }],
    });
    expect(model.valuesGet("Volunteers").values).toEqual([
      ["ID", "Name", "Zone"],
      ["V3", "c", "east"],
    ]);
    expect(model.get().sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(998);

    model.batchUpdate({
      requests: [{ deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } }],
    });
    expect(model.get().sheets?.[0]?.properties?.gridProperties?.frozenRowCount).toBeUndefined();

    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [{ deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 997 } } }],
        }),
      "INVALID_ARGUMENT",
      "You can't delete all the rows on the sheet.",
    );
  });

  it("refuses to delete every non-frozen row, as Google does", () => {
    const model = newModel([{ title: "S", rowCount: 3, frozenRowCount: 1, rows: [["h"], ["a"], ["b"]] }]);
    expectSheetsError(
      () =>
        model.batchUpdate({
          requests: [{ deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 3 } } }],
        }),
      "INVALID_ARGUMENT",
      "Sorry, it is not possible to delete all non-frozen rows.",
    );
  });

  it("appendDimension adds empty rows or columns at the end", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        { appendDimension: { sheetId: 1, dimension: "ROWS", length: 10 } },
        { appendDimension: { sheetId: 1, dimension: "COLUMNS", length: 2 } },
      ],
    });
    expect(model.get().sheets?.[1]?.properties?.gridProperties).toEqual({ rowCount: 1010, columnCount: 28 });
  });
});

describe("sortRange", () => {
  const sortable = () =>
    newModel([
      {
        title: "S",
        rows: [
          ["ID", "Zone", "N"],
          ["1", "west", "3"],
          ["2", "", "1"],
          ["3", "East", "2"],
          ["4", "west", ""],
          ["5", "east", "10"],
        ],
      },
    ]);
  const body = { sheetId: 0, startRowIndex: 1, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 3 };

  it("sorts ascending case-insensitively, keeps ties in their original order and puts empty cells last", () => {
    const model = sortable();
    model.batchUpdate({
      requests: [{ sortRange: { range: body, sortSpecs: [{ dimensionIndex: 1, sortOrder: "ASCENDING" }] } }],
    });
    expect(col(model, "S!A2:A6")).toEqual(["3", "5", "1", "4", "2"]);
  });

  it("sorts numbers numerically, descending, with empty cells still last", () => {
    const model = sortable();
    model.batchUpdate({
      requests: [{ sortRange: { range: body, sortSpecs: [{ dimensionIndex: 2, sortOrder: "DESCENDING" }] } }],
    });
    expect(col(model, "S!C2:C6")).toEqual(["10", "3", "2", "1"]);
    expect(col(model, "S!A2:A6")).toEqual(["5", "1", "3", "2", "4"]);
  });

  it("uses later sort specs to break ties and leaves the header row alone", () => {
    const model = sortable();
    model.batchUpdate({
      requests: [
        {
          sortRange: {
            range: body,
            sortSpecs: [
              { dimensionIndex: 1, sortOrder: "DESCENDING" },
              { dimensionIndex: 2, sortOrder: "ASCENDING" },
            ],
          },
        },
      ],
    });
    expect(col(model, "S!A1:A6")).toEqual(["ID", "1", "4", "3", "5", "2"]);
  });
});

describe("deleteRange and insertRange", () => {
  it("deleting a whole-row range removes the row like google-spreadsheet's row.delete() expects", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [{ deleteRange: { range: { sheetId: 0, startRowIndex: 2, endRowIndex: 3 }, shiftDimension: "ROWS" } }],
    });
    expect(col(model, "Volunteers!A1:A4")).toEqual(["ID", "V1", "V3"]);
    expect(model.get().sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(999);
  });

  it("deleting part of a row shifts only the cells below it, keeping the grid size", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          deleteRange: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 1, endColumnIndex: 2 },
            shiftDimension: "ROWS",
          },
        },
      ],
    });
    expect(model.valuesGet("Volunteers!A2:C4").values).toEqual([
      ["V1", "b", "east"],
      ["V2", "c", "west"],
      ["V3", "", "east"],
    ]);
    expect(model.get().sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1000);
  });

  it("inserting part of a column shifts cells right", () => {
    const model = seeded();
    model.batchUpdate({
      requests: [
        {
          insertRange: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
            shiftDimension: "COLUMNS",
          },
        },
      ],
    });
    expect(model.valuesGet("Volunteers!A1:D2").values).toEqual([
      ["", "ID", "Name", "Zone"],
      ["V1", "a", "east"],
    ]);
  });
});

describe("getByDataFilter and partial responses", () => {
  it("answers a1Range and gridRange filters with grid data, as google-spreadsheet's loadCells uses", () => {
    const res = seeded().getByDataFilter({
      includeGridData: true,
      dataFilters: [{ a1Range: "Volunteers!A1:B2" }, { gridRange: { sheetId: 1, startRowIndex: 0, endRowIndex: 1 } }],
    });
    expect(res.sheets?.map((s) => s.properties?.title)).toEqual(["Volunteers", "Plan"]);
    expect(res.sheets?.[0]?.data?.[0]?.rowData?.[1]?.values?.map((v) => v.formattedValue)).toEqual(["V1", "a"]);
    expect(res.sheets?.[1]?.data?.[0]?.rowMetadata).toHaveLength(1);
  });

  it("selectFields keeps only the masked paths, through arrays", () => {
    const res = selectFields(seeded().get(), "sheets(properties(title,gridProperties.rowCount))");
    expect(res).toEqual({
      sheets: [
        { properties: { title: "Volunteers", gridProperties: { rowCount: 1000 } } },
        { properties: { title: "Plan", gridProperties: { rowCount: 1000 } } },
      ],
    });
  });
});
