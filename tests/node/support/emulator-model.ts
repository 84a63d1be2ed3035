/** Shared setup for the emulator model tests: a fresh spreadsheet per test, and Google-style error checks. */
import { expect } from "vitest";
import { SheetsApiError, type GoogleStatus } from "../../../src/emulator/errors.ts";
import { SpreadsheetModel, type CreateSpreadsheetInput } from "../../../src/emulator/spreadsheet-model.ts";

export function newModel(sheets?: CreateSpreadsheetInput["sheets"]): SpreadsheetModel {
  return SpreadsheetModel.create({
    spreadsheetId: "test-sheet",
    title: "ZoneCrew test",
    locale: "zh_CN",
    timeZone: "Asia/Shanghai",
    ...(sheets ? { sheets } : {}),
  });
}

/** Asserts that `fn` fails the way Google would answer: status, HTTP code and a message fragment. */
export function expectSheetsError(fn: () => unknown, status: GoogleStatus, message: string | RegExp): SheetsApiError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(SheetsApiError);
  const err = caught as SheetsApiError;
  expect(err.status).toBe(status);
  if (typeof message === "string") expect(err.message).toContain(message);
  else expect(err.message).toMatch(message);
  return err;
}
