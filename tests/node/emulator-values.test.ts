/**
 * spreadsheets.values.* against the emulator model. Each expectation is a Google behaviour the
 * gateway or google-spreadsheet depends on: how reads are trimmed and clipped, how RAW and
 * USER_ENTERED differ, where append writes, and that writes grow the grid.
 */
import { describe, expect, it } from "vitest";
import { googleErrorBody } from "../../src/emulator/errors.ts";
import { expectSheetsError, newModel } from "./support/emulator-model.ts";

const VOL = "志愿者 Volunteers";
const Q = `'${VOL}'`;

function volunteers() {
  return newModel([
    {
      title: VOL,
      frozenRowCount: 1,
      rows: [
        ["编号 ID", "姓名 Name", "年龄 Age", "在岗 Active"],
        ["V001", "王芳", "34", "TRUE"],
        ["V002", "李强", "41", "false"],
      ],
    },
    { title: "Sheet2" },
  ]);
}

describe("values.get: trimming and clipping", () => {
  it("clips an open-ended range to the grid and prints the quoted title", () => {
    const res = volunteers().valuesGet(`${Q}!A1:Z`);
    expect(res.range).toBe(`${Q}!A1:Z1000`);
    expect(res.majorDimension).toBe("ROWS");
  });

  it("clips a whole-sheet range to rowCount x columnCount", () => {
    expect(volunteers().valuesGet("Sheet2").range).toBe("Sheet2!A1:Z1000");
  });

  it("drops trailing empty rows and trailing empty cells but keeps inner gaps as '' and []", () => {
    const model = newModel();
    model.valuesUpdate("Sheet1!A1", { values: [["a", "", "c", ""], [], ["", "x"]] }, { valueInputOption: "RAW" });
    model.valuesUpdate("Sheet1!A10", { values: [[""]] }, { valueInputOption: "RAW" });
    const res = model.valuesGet("Sheet1!A1:E20");
    expect(res.values).toEqual([["a", "", "c"], [], ["", "x"]]);
  });

  it("omits values entirely when the range is empty", () => {
    const res = newModel().valuesGet("Sheet1!B2:C3");
    expect(res).toEqual({ range: "Sheet1!B2:C3", majorDimension: "ROWS" });
  });

  it("returns everything as strings by default, numbers and booleans typed with UNFORMATTED_VALUE", () => {
    const model = volunteers();
    expect(model.valuesGet(`${Q}!A2:D2`).values).toEqual([["V001", "王芳", "34", "TRUE"]]);
    expect(model.valuesGet(`${Q}!A2:D2`, { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      ["V001", "王芳", 34, true],
    ]);
  });

  it("transposes with majorDimension COLUMNS and trims per column", () => {
    const res = volunteers().valuesGet(`${Q}!A1:B3`, { majorDimension: "COLUMNS" });
    expect(res.values).toEqual([
      ["编号 ID", "V001", "V002"],
      ["姓名 Name", "王芳", "李强"],
    ]);
  });

  it("reads a range without a sheet name from the first sheet", () => {
    expect(volunteers().valuesGet("A2").values).toEqual([["V001"]]);
  });

  it("finds a sheet whatever the case of its title, as Google does", () => {
    expect(newModel([{ title: "Plan", rows: [["x"]] }]).valuesGet("plan!A1").values).toEqual([["x"]]);
  });

  it("batchGet answers each range in order", () => {
    const res = volunteers().valuesBatchGet([`${Q}!A1:A2`, "Sheet2!A1"]);
    expect(res.valueRanges?.map((v) => v.range)).toEqual([`${Q}!A1:A2`, "Sheet2!A1"]);
    expect(res.valueRanges?.[1]?.values).toBeUndefined();
  });

  it("refuses an unparseable range or an unknown sheet with Google's 400", () => {
    const model = volunteers();
    const err = expectSheetsError(
      () => model.valuesGet("Nope!A1"),
      "INVALID_ARGUMENT",
      "Unable to parse range: Nope!A1",
    );
    expect(err.httpStatus).toBe(400);
    expect(googleErrorBody(err)).toEqual({
      error: { code: 400, message: "Unable to parse range: Nope!A1", status: "INVALID_ARGUMENT" },
    });
    expectSheetsError(() => model.valuesGet("Sheet2!A0:B"), "INVALID_ARGUMENT", "Unable to parse range: Sheet2!A0:B");
  });
});

describe("values writes: RAW vs USER_ENTERED", () => {
  it("RAW keeps text exactly, so a formula-looking string from a volunteer stays text", () => {
    const model = newModel();
    model.valuesUpdate(
      "Sheet1!A1",
      { values: [['=IMPORTXML("http://evil","//a")', "'007", "0012", "TRUE", 5, false]] },
      { valueInputOption: "RAW" },
    );
    expect(model.valuesGet("Sheet1!A1:F1", { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      ['=IMPORTXML("http://evil","//a")', "'007", "0012", "TRUE", 5, false],
    ]);
    expect(model.valuesGet("Sheet1!A1", { valueRenderOption: "FORMATTED_VALUE" }).values).toEqual([
      ['=IMPORTXML("http://evil","//a")'],
    ]);
  });

  it("USER_ENTERED parses formulas, numbers, booleans and a leading apostrophe like a person typing", () => {
    const model = newModel();
    model.valuesUpdate(
      "Sheet1!A1",
      { values: [["=SUM(B1:B2)", "'007", "0012", "true", "1,234.5", "1e3", "hello", "2022-04-05"]] },
      { valueInputOption: "USER_ENTERED" },
    );
    expect(model.valuesGet("Sheet1!A1:H1", { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      // A date typed as text becomes Google's serial number (days since 1899-12-30).
      ["#NAME?", "007", 12, true, 1234.5, 1000, "hello", 44656],
    ]);
    expect(model.valuesGet("Sheet1!A1:B1", { valueRenderOption: "FORMULA" }).values).toEqual([["=SUM(B1:B2)", "007"]]);
    // The emulator does not compute formulas: Google would show a number here, we show #NAME?.
    expect(model.valuesGet("Sheet1!A1:D1").values).toEqual([["#NAME?", "007", "12", "TRUE"]]);
  });

  it("types dates, times and percentages as Google does, and renders them in the spreadsheet's locale", () => {
    const typed = ["2026-12-01", "2026/12/1", "12/1/2026", "8:30", "2:05 PM", "50%", "12.5%"];
    const zh = newModel();
    zh.valuesUpdate("Sheet1!A1", { values: [typed] }, { valueInputOption: "USER_ENTERED" });
    // zh_CN: an ISO date keeps its form, another date takes the locale's; m/d/yyyy is not a date.
    expect(zh.valuesGet("Sheet1!A1:G1").values).toEqual([
      ["2026-12-01", "2026/12/1", "12/1/2026", "8:30:00", "14:05:00", "50%", "12.50%"],
    ]);
    expect(zh.valuesGet("Sheet1!A1:F1", { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      [46357, 46357, "12/1/2026", 0.3541666666666667, 0.5868055555555556, 0.5],
    ]);
    const en = newModel();
    en.batchUpdate({
      requests: [{ updateSpreadsheetProperties: { properties: { locale: "en_US" }, fields: "locale" } }],
    });
    en.valuesUpdate("Sheet1!A1", { values: [typed] }, { valueInputOption: "USER_ENTERED" });
    expect(en.valuesGet("Sheet1!A1:G1").values).toEqual([
      ["2026-12-01", "12/1/2026", "12/1/2026", "8:30:00 AM", "2:05:00 PM", "50%", "12.50%"],
    ]);
    // RAW stays text, whatever it looks like.
    en.valuesUpdate("Sheet1!A2", { values: [["2026/12/1", "8:30"]] }, { valueInputOption: "RAW" });
    expect(en.valuesGet("Sheet1!A2:B2", { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      ["2026/12/1", "8:30"],
    ]);
  });

  it("refuses a read wholly outside the grid with Google's message, and cuts one that only runs past it", () => {
    const model = newModel();
    expect(() => model.valuesGet("Sheet1!A2000")).toThrow(
      "Range ('Sheet1'!A2000) exceeds grid limits. Max rows: 1000, max columns: 26",
    );
    expect(() => model.get({ includeGridData: true, ranges: ["Sheet1!AA1"] })).toThrow(/exceeds grid limits/);
    expect(model.valuesGet("Sheet1!A999:B1200").range).toBe("Sheet1!A999:B1000");
  });

  it("merging keeps only the top-left value, as Google does", () => {
    const model = newModel([
      {
        title: "Sheet1",
        rows: [
          ["a", "b"],
          ["c", "d"],
        ],
      },
    ]);
    model.batchUpdate({
      requests: [
        {
          mergeCells: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
            mergeType: "MERGE_ALL",
          },
        },
      ],
    });
    expect(model.valuesGet("Sheet1!A1:B2").values).toEqual([["a"]]);
  });

  it("formats numbers as plain digits without float noise", () => {
    const model = newModel();
    model.valuesUpdate("Sheet1!A1", { values: [[13800138000, 0.1 + 0.2, -0]] }, { valueInputOption: "RAW" });
    expect(model.valuesGet("Sheet1!A1:C1").values).toEqual([["13800138000", "0.3", "0"]]);
  });

  it("leaves a cell unchanged for null and clears it for an empty string", () => {
    const model = newModel([{ title: "Sheet1", rows: [["a", "b", "c"]] }]);
    const res = model.valuesUpdate("Sheet1!A1:C1", { values: [[null, "", "C"]] }, { valueInputOption: "RAW" });
    expect(model.valuesGet("Sheet1!A1:C1").values).toEqual([["a", "", "C"]]);
    expect(res).toMatchObject({ updatedRange: "Sheet1!A1:C1", updatedRows: 1, updatedColumns: 2, updatedCells: 2 });
  });

  it("requires valueInputOption on every write, with Google's message", () => {
    const model = newModel();
    const msg = "'valueInputOption' is required but not specified";
    expectSheetsError(() => model.valuesUpdate("Sheet1!A1", { values: [["x"]] }, {}), "INVALID_ARGUMENT", msg);
    expectSheetsError(() => model.valuesAppend("Sheet1!A1", { values: [["x"]] }, {}), "INVALID_ARGUMENT", msg);
    expectSheetsError(() => model.valuesBatchUpdate({ data: [] }), "INVALID_ARGUMENT", msg);
  });

  it("refuses values that spill out of a bounded range, and a body range that differs from the URL", () => {
    const model = newModel();
    expectSheetsError(
      () => model.valuesUpdate("Sheet1!A1:B1", { values: [["a"], ["b"]] }, { valueInputOption: "RAW" }),
      "INVALID_ARGUMENT",
      "Requested writing within range [Sheet1!A1:B1], but tried writing to row [2]",
    );
    expectSheetsError(
      () => model.valuesUpdate("Sheet1!A1", { range: "Sheet1!B1", values: [["a"]] }, { valueInputOption: "RAW" }),
      "INVALID_ARGUMENT",
      "does not match value's range",
    );
    expect(model.valuesGet("Sheet1").values).toBeUndefined();
  });

  it("accepts a body range that names the same cells with different quoting", () => {
    const model = newModel();
    const res = model.valuesUpdate(
      "Sheet1!1:1",
      { range: "'Sheet1'!1:1", values: [["编号 ID", "姓名 Name"]] },
      { valueInputOption: "USER_ENTERED", includeValuesInResponse: true },
    );
    // google-spreadsheet's setHeaderRow reads updatedData.values[0].
    expect(res.updatedData?.values?.[0]).toEqual(["编号 ID", "姓名 Name"]);
  });

  it("writes columns with majorDimension COLUMNS", () => {
    const model = newModel();
    model.valuesUpdate(
      "Sheet1!A1",
      { majorDimension: "COLUMNS", values: [["a", "b"], ["c"]] },
      { valueInputOption: "RAW" },
    );
    expect(model.valuesGet("Sheet1!A1:B2").values).toEqual([["a", "c"], ["b"]]);
  });
});

describe("values writes: grid growth", () => {
  it("grows rowCount and columnCount to fit a write past the grid", () => {
    const model = newModel([{ title: "Small", rowCount: 3, columnCount: 2 }]);
    const res = model.valuesUpdate("Small!B3", { values: [["x", "y", "z"], ["w"]] }, { valueInputOption: "RAW" });
    expect(res.updatedRange).toBe("Small!B3:D4");
    const props = model.get().sheets?.[0]?.properties?.gridProperties;
    expect(props).toEqual({ rowCount: 4, columnCount: 4 });
    expect(model.valuesGet("Small").range).toBe("Small!A1:D4");
  });
});

describe("values.append", () => {
  it("appends after the last row with a value, and reports the table it found", () => {
    const model = volunteers();
    const res = model.valuesAppend(`${Q}!A1`, { values: [["V003", "张伟", 29]] }, { valueInputOption: "RAW" });
    expect(res.tableRange).toBe(`${Q}!A1:D3`);
    expect(res.updates).toMatchObject({ updatedRange: `${Q}!A4:C4`, updatedRows: 1, updatedCells: 3 });
    expect(model.valuesGet(`${Q}!A4:C4`).values).toEqual([["V003", "张伟", "29"]]);
  });

  it("appends after the last value even when a row in the middle is blank", () => {
    const model = newModel([{ title: "Sheet1", rows: [["h"], ["1"], [], ["3"]] }]);
    const res = model.valuesAppend("Sheet1!A:A", { values: [["4"]] }, { valueInputOption: "RAW" });
    expect(res.updates?.updatedRange).toBe("Sheet1!A5");
  });

  it("starts at the table's first column when the range is wider than the table", () => {
    const model = newModel();
    model.valuesUpdate("Sheet1!C1", { values: [["h1", "h2"]] }, { valueInputOption: "RAW" });
    const res = model.valuesAppend("Sheet1!A:Z", { values: [["a", "b"]] }, { valueInputOption: "RAW" });
    expect(res.updates?.updatedRange).toBe("Sheet1!C2:D2");
  });

  it("writes at the range's top-left when there is no table yet", () => {
    const res = newModel().valuesAppend("Sheet1!B2:C", { values: [["x"]] }, { valueInputOption: "RAW" });
    expect(res.tableRange).toBeUndefined();
    expect(res.updates?.updatedRange).toBe("Sheet1!B2");
  });

  it("INSERT_ROWS pushes rows below down and grows the grid; OVERWRITE writes in place", () => {
    const seed = [["h"], ["1"], [], [], ["", "", "note"]];
    const inserted = newModel([{ title: "Sheet1", rowCount: 5, rows: seed }]);
    inserted.valuesAppend(
      "Sheet1!A:A",
      { values: [["2"]] },
      { valueInputOption: "RAW", insertDataOption: "INSERT_ROWS" },
    );
    expect(inserted.valuesGet("Sheet1!A3:C6").values).toEqual([["2"], [], [], ["", "", "note"]]);
    expect(inserted.get().sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(6);

    const overwritten = newModel([{ title: "Sheet1", rowCount: 5, rows: seed }]);
    overwritten.valuesAppend(
      "Sheet1!A:A",
      { values: [["2"]] },
      { valueInputOption: "RAW", insertDataOption: "OVERWRITE" },
    );
    expect(overwritten.valuesGet("Sheet1!A3:C5").values).toEqual([["2"], [], ["", "", "note"]]);
    expect(overwritten.get().sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(5);
  });

  it("returns the appended values for google-spreadsheet's addRows", () => {
    const model = volunteers();
    const res = model.valuesAppend(
      `${Q}!A1`,
      { values: [["V004", "赵敏", "=A1"]] },
      { valueInputOption: "USER_ENTERED", includeValuesInResponse: true },
    );
    expect(res.updates?.updatedData).toEqual({
      range: `${Q}!A4:C4`,
      majorDimension: "ROWS",
      values: [["V004", "赵敏", "#NAME?"]],
    });
  });
});

describe("values.batchUpdate, clear and batchClear", () => {
  it("reports per-range responses and totals", () => {
    const model = volunteers();
    const res = model.valuesBatchUpdate({
      valueInputOption: "RAW",
      data: [
        { range: `${Q}!E1:E2`, values: [["检查 Check"], ["✓"]] },
        { range: "Sheet2!A1", values: [["x"]] },
      ],
    });
    expect(res).toMatchObject({
      totalUpdatedRows: 3,
      totalUpdatedColumns: 2,
      totalUpdatedCells: 3,
      totalUpdatedSheets: 2,
    });
    expect(res.responses?.map((r) => r.updatedRange)).toEqual([`${Q}!E1:E2`, "Sheet2!A1"]);
  });

  it("writes nothing when one range of the batch is bad", () => {
    const model = volunteers();
    expectSheetsError(
      () =>
        model.valuesBatchUpdate({
          valueInputOption: "RAW",
          data: [
            { range: "Sheet2!A1", values: [["written?"]] },
            { range: "Missing!A1", values: [["x"]] },
          ],
        }),
      "INVALID_ARGUMENT",
      "Unable to parse range: Missing!A1",
    );
    expect(model.valuesGet("Sheet2!A1").values).toBeUndefined();
  });

  it("clear removes values but keeps data validation, and reports the clipped range", () => {
    const model = volunteers();
    model.batchUpdate({
      requests: [
        {
          setDataValidation: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 3, endColumnIndex: 4 },
            rule: { condition: { type: "BOOLEAN" } },
          },
        },
      ],
    });
    const res = model.valuesClear(`${Q}!A2:Z`);
    expect(res.clearedRange).toBe(`${Q}!A2:Z1000`);
    expect(model.valuesGet(VOL).values).toEqual([["编号 ID", "姓名 Name", "年龄 Age", "在岗 Active"]]);
    const cell = model.get({ includeGridData: true, ranges: [`${Q}!D2`] }).sheets?.[0]?.data?.[0]?.rowData?.[0];
    expect(cell).toEqual({ values: [{ dataValidation: { condition: { type: "BOOLEAN" } } }] });
  });

  it("batchClear clears every range", () => {
    const model = volunteers();
    const res = model.valuesBatchClear({ ranges: [`${Q}!A2:A3`, `${Q}!B2:B3`] });
    expect(res.clearedRanges).toEqual([`${Q}!A2:A3`, `${Q}!B2:B3`]);
    expect(model.valuesGet(`${Q}!A2:C3`).values).toEqual([
      ["", "", "34"],
      ["", "", "41"],
    ]);
  });
});

describe("grid page edits", () => {
  it("setUserEnteredValue types into one cell with USER_ENTERED semantics", () => {
    const model = volunteers();
    model.setUserEnteredValue(VOL, 1, 2, "35");
    model.setUserEnteredValue(VOL, 1, 1, "'=not a formula");
    expect(model.valuesGet(`${Q}!B2:C2`, { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([
      ["=not a formula", 35],
    ]);
  });

  it("gridPageProps gives the page plain strings, the frozen count and the text to edit", () => {
    const model = volunteers();
    model.setUserEnteredValue(VOL, 1, 0, "'0012");
    const props = model.gridPageProps({ tab: VOL, cell: "a2" });
    expect(props.tabs).toEqual([VOL, "Sheet2"]);
    expect(props.frozenRowCount).toBe(1);
    expect(props.rows[1]?.slice(0, 4)).toEqual(["0012", "王芳", "34", "TRUE"]);
    // Typing the pre-filled text back must give the same cell, so numeric-looking text keeps its apostrophe.
    expect(props.selected).toEqual({ cell: "A2", text: "'0012" });
  });
});
