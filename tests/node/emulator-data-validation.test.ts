/**
 * Strict data validation ("Reject the input") refuses an API write that breaks the rule, and the
 * whole call applies nothing: otherwise no test would meet the refusal an organizer's strict
 * dropdown causes, and the outbox would never learn to park it. Rules that only warn mark; they
 * never refuse. Setting a rule over a value that already breaks it is allowed, as in Google.
 */
import { describe, expect, it } from "vitest";
import { toSheetsError } from "../../src/sheets/sheets-error.ts";
import { expectSheetsError, newModel } from "./support/emulator-model.ts";

const REFUSED = "violates the data validation rule";

function signups(strict: boolean) {
  const model = newModel([
    {
      title: "Signups",
      rows: [
        ["ID", "Name", "Time", "Count"],
        ["V1", "a", "全天", "3"],
      ],
    },
  ]);
  model.batchUpdate({
    requests: [
      {
        setDataValidation: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 100, startColumnIndex: 2, endColumnIndex: 3 },
          rule: {
            condition: {
              type: "ONE_OF_LIST",
              values: [{ userEnteredValue: "全天" }, { userEnteredValue: "上午" }, { userEnteredValue: "下午" }],
            },
            strict,
          },
        },
      },
      {
        setDataValidation: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 100, startColumnIndex: 3, endColumnIndex: 4 },
          rule: {
            condition: { type: "NUMBER_BETWEEN", values: [{ userEnteredValue: "0" }, { userEnteredValue: "50" }] },
            strict,
          },
        },
      },
    ],
  });
  return model;
}

describe("strict data validation", () => {
  it("refuses a value outside the list or the number range, naming the cell, and applies nothing of the call", () => {
    const model = signups(true);
    expectSheetsError(
      () => model.valuesUpdate("Signups!C2", { values: [["晚上"]] }, { valueInputOption: "USER_ENTERED" }),
      "INVALID_ARGUMENT",
      REFUSED,
    );
    expectSheetsError(
      () =>
        model.valuesBatchUpdate({
          valueInputOption: "USER_ENTERED",
          data: [
            { range: "Signups!B2", values: [["changed"]] },
            { range: "Signups!D2", values: [["80"]] },
          ],
        }),
      "INVALID_ARGUMENT",
      "Signups!D2",
    );
    expect(model.valuesGet("Signups!A2:D2").values).toEqual([["V1", "a", "全天", "3"]]);
  });

  it("accepts values the rule allows, an empty cell, and anything under a rule that only warns", () => {
    const model = signups(true);
    model.valuesUpdate("Signups!C2:D2", { values: [["上午", "12"]] }, { valueInputOption: "USER_ENTERED" });
    model.valuesUpdate("Signups!C2", { values: [[""]] }, { valueInputOption: "RAW" });
    expect(model.valuesGet("Signups!A2:D2").values).toEqual([["V1", "a", "", "12"]]);
    const warning = signups(false);
    warning.valuesUpdate("Signups!C2:D2", { values: [["晚上", "80"]] }, { valueInputOption: "USER_ENTERED" });
    expect(warning.valuesGet("Signups!C2:D2").values).toEqual([["晚上", "80"]]);
  });

  it("checks appended rows too, and lets a strict rule be set over a value that already breaks it", () => {
    const model = signups(false);
    model.valuesUpdate("Signups!C2", { values: [["晚上"]] }, { valueInputOption: "RAW" });
    const strictAgain = {
      setDataValidation: {
        range: { sheetId: 0, startRowIndex: 1, endRowIndex: 100, startColumnIndex: 2, endColumnIndex: 3 },
        rule: { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "全天" }] }, strict: true },
      },
    };
    model.batchUpdate({ requests: [strictAgain] });
    expect(model.valuesGet("Signups!C2").values).toEqual([["晚上"]]);
    expectSheetsError(
      () => model.valuesAppend("Signups!A1", { values: [["V2", "b", "夜里"]] }, { valueInputOption: "RAW" }),
      "INVALID_ARGUMENT",
      REFUSED,
    );
  });

  it("is a refusal the gateway does not retry: kind invalid_data, with what to change in Chinese and English", async () => {
    const { HTTPError } = await import("ky");
    const body = {
      error: { code: 400, status: "INVALID_ARGUMENT", message: `Invalid value at Signups!C2: ${REFUSED}.` },
    };
    const response = new Response(JSON.stringify(body), { status: 400 });
    const error = new HTTPError(response, new Request("https://sheets.googleapis.com/"), {} as never);
    (error as { data?: unknown }).data = body;
    const mapped = await toSheetsError(error, "sheet-1");
    expect(mapped.kind).toBe("invalid_data");
    expect(mapped.permanent).toBe(true);
    expect(mapped.zh).toContain("数据验证");
    expect(mapped.en).toContain("Show a warning");
  });
});
