/**
 * Persistence of the emulator model: the Durable Object saves `meta` plus 200-row chunks and
 * only what `takeDirty()` names. These tests replay dirty sets into a plain Map the way the
 * Durable Object does and prove the restored model equals the live one after every kind of edit.
 */
import { describe, expect, it } from "vitest";
import { CHUNK_ROWS, SpreadsheetModel, type ModelMeta, type RowChunk } from "../../src/emulator/spreadsheet-model.ts";
import { newModel } from "./support/emulator-model.ts";

/** What the Durable Object keeps: one meta value and one value per (sheet, chunk), as JSON. */
class FakeStorage {
  meta: string | null = null;
  readonly chunks = new Map<string, string>();

  save(model: SpreadsheetModel): ReturnType<SpreadsheetModel["takeDirty"]> {
    const dirty = model.takeDirty();
    for (const id of dirty.deletedSheets) {
      for (const key of [...this.chunks.keys()]) if (key.startsWith(`${id}:`)) this.chunks.delete(key);
    }
    if (dirty.meta) this.meta = JSON.stringify(model.meta);
    for (const { sheetId, chunk } of dirty.chunks) {
      const data = model.rowChunk(sheetId, chunk);
      if (data === null) this.chunks.delete(`${sheetId}:${chunk}`);
      else this.chunks.set(`${sheetId}:${chunk}`, JSON.stringify(data));
    }
    return dirty;
  }

  load(): SpreadsheetModel {
    const chunks: RowChunk[] = [...this.chunks].map(([key, json]) => {
      const [sheetId, chunk] = key.split(":").map(Number);
      return { sheetId: sheetId!, chunk: chunk!, data: JSON.parse(json) as RowChunk["data"] };
    });
    return SpreadsheetModel.restore(JSON.parse(this.meta ?? "null") as ModelMeta, chunks);
  }
}

const everything = (m: SpreadsheetModel) => m.get({ includeGridData: true });

function bigModel(): SpreadsheetModel {
  const rows = Array.from({ length: 450 }, (_, i) => [`V${i + 1}`, String(i % 7), i % 2 ? "TRUE" : ""]);
  return newModel([
    { title: "Volunteers", frozenRowCount: 1, rows: [["ID", "N", "Active"], ...rows] },
    { title: "Plan" },
  ]);
}

describe("meta and chunks", () => {
  it("meta is plain JSON", () => {
    const meta = bigModel().meta;
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
    expect(meta.sheets.map((s) => s.properties.title)).toEqual(["Volunteers", "Plan"]);
  });

  it("splits rows into chunks of 200 and leaves trailing empty rows out", () => {
    const model = bigModel();
    expect(CHUNK_ROWS).toBe(200);
    expect(model.chunkCount(0)).toBe(3);
    expect(model.rowChunk(0, 0)?.rows).toHaveLength(200);
    expect(model.rowChunk(0, 2)?.rows).toHaveLength(51);
    expect(model.rowChunk(0, 3)).toBeNull();
    expect(model.rowChunk(1, 0)).toBeNull();
  });

  it("stores a rule repeated down a column once per chunk", () => {
    const model = bigModel();
    const rule = { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "队长 Captain" }] }, strict: true };
    model.batchUpdate({
      requests: [
        {
          setDataValidation: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 451, startColumnIndex: 3, endColumnIndex: 4 },
            rule,
          },
        },
      ],
    });
    const chunk = model.rowChunk(0, 1);
    expect(chunk?.shared).toEqual([rule]);
    expect(chunk?.rows[0]?.[3]).toEqual({ dv: 0 });
  });

  it("a new model is entirely dirty, and round-trips through meta + chunks", () => {
    const model = bigModel();
    model.batchUpdate({
      requests: [
        { addProtectedRange: { protectedRange: { range: { sheetId: 1 }, warningOnly: true } } },
        {
          setDataValidation: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 451, startColumnIndex: 2, endColumnIndex: 3 },
            rule: { condition: { type: "BOOLEAN" } },
          },
        },
      ],
    });
    const storage = new FakeStorage();
    const dirty = storage.save(model);
    expect(dirty.meta).toBe(true);
    expect(dirty.chunks).toEqual([
      { sheetId: 0, chunk: 0 },
      { sheetId: 0, chunk: 1 },
      { sheetId: 0, chunk: 2 },
    ]);
    const restored = storage.load();
    expect(everything(restored)).toEqual(everything(model));
    expect(restored.takeDirty()).toEqual({ meta: false, chunks: [], deletedSheets: [] });

    // Id counters survive, so new sheets and protections never reuse an id.
    const reply = restored.batchUpdate({
      requests: [{ addSheet: {} }, { addProtectedRange: { protectedRange: { range: { sheetId: 0 } } } }],
    }).replies;
    expect(reply?.[0]?.addSheet?.properties?.sheetId).toBe(2);
    expect(reply?.[1]?.addProtectedRange?.protectedRange?.protectedRangeId).toBe(2);
  });
});

describe("dirty tracking", () => {
  function saved() {
    const model = bigModel();
    const storage = new FakeStorage();
    storage.save(model);
    return { model, storage };
  }

  it("a cell write marks only its chunk, and not meta while the grid does not grow", () => {
    const { model } = saved();
    model.valuesUpdate("Volunteers!B420", { values: [["x"]] }, { valueInputOption: "RAW" });
    expect(model.takeDirty()).toEqual({ meta: false, chunks: [{ sheetId: 0, chunk: 2 }], deletedSheets: [] });
    expect(model.takeDirty()).toEqual({ meta: false, chunks: [], deletedSheets: [] });
  });

  it("a write past the grid marks meta because rowCount changed", () => {
    const { model } = saved();
    model.valuesUpdate("Plan!A1001", { values: [["x"]] }, { valueInputOption: "RAW" });
    expect(model.takeDirty()).toEqual({ meta: true, chunks: [{ sheetId: 1, chunk: 5 }], deletedSheets: [] });
  });

  it("reads mark nothing", () => {
    const { model } = saved();
    model.valuesBatchGet(["Volunteers", "Plan!A1"]);
    model.get({ includeGridData: true });
    model.gridPageProps({ tab: "Plan", cell: "A1" });
    expect(model.takeDirty()).toEqual({ meta: false, chunks: [], deletedSheets: [] });
  });

  it("deleting rows rewrites every chunk, including the ones left empty, so storage has no stale rows", () => {
    const { model, storage } = saved();
    model.batchUpdate({
      requests: [{ deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 300 } } }],
    });
    const dirty = storage.save(model);
    expect(dirty.chunks).toEqual([
      { sheetId: 0, chunk: 0 },
      { sheetId: 0, chunk: 1 },
      { sheetId: 0, chunk: 2 },
    ]);
    expect(storage.chunks.has("0:1")).toBe(false);
    expect(storage.chunks.has("0:2")).toBe(false);
    expect(everything(storage.load())).toEqual(everything(model));
  });

  it("deleting a sheet reports it so its chunks can be removed", () => {
    const { model, storage } = saved();
    model.batchUpdate({ requests: [{ deleteSheet: { sheetId: 0 } }] });
    const dirty = storage.save(model);
    expect(dirty).toEqual({ meta: true, chunks: [], deletedSheets: [0] });
    expect([...storage.chunks.keys()]).toEqual([]);
    expect(everything(storage.load())).toEqual(everything(model));
  });

  it("replaying dirty sets after a mixed session gives back the same spreadsheet", () => {
    const { model, storage } = saved();
    const steps: Array<() => unknown> = [
      () => model.valuesAppend("Volunteers!A1", { values: [["V451", "3"]] }, { valueInputOption: "USER_ENTERED" }),
      () => model.setUserEnteredValue("Plan", 0, 0, "=A2"),
      () =>
        model.batchUpdate({
          requests: [
            {
              sortRange: {
                range: { sheetId: 0, startRowIndex: 1 },
                sortSpecs: [{ dimensionIndex: 1, sortOrder: "DESCENDING" }],
              },
            },
          ],
        }),
      () =>
        model.batchUpdate({
          requests: [{ insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 150, endIndex: 170 } } }],
        }),
      () => model.batchUpdate({ requests: [{ addSheet: { properties: { title: "问题 Problems", index: 0 } } }] }),
      () =>
        model.valuesUpdate(
          "'问题 Problems'!A1",
          {
            values: [
              ["tab", "row"],
              ["Volunteers", 3],
            ],
          },
          { valueInputOption: "RAW" },
        ),
      () => model.valuesClear("Volunteers!A400:Z"),
      () =>
        model.batchUpdate({
          requests: [
            {
              updateSheetProperties: {
                properties: { sheetId: 0, gridProperties: { rowCount: 250 } },
                fields: "gridProperties.rowCount",
              },
            },
          ],
        }),
      () => model.batchUpdate({ requests: [{ deleteSheet: { sheetId: 1 } }] }),
    ];
    for (const step of steps) {
      step();
      storage.save(model);
      expect(everything(storage.load())).toEqual(everything(model));
    }
  });
});
