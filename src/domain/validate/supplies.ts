/**
 * Supplies tab rules: stock that can be counted.
 *
 * Negative stock is an error (a count cannot go below zero; usually a subtraction typed into the
 * cell). Stock below the reorder level is a warning: it is what the tab's note promises organizers
 * ("低于补货线会提醒"), and the row is still used.
 */
import { supplyItemSchema, type SupplyItem } from "../model.ts";
import type { ProblemCode } from "./codes.ts";
import { quantity } from "../glossary.ts";
import { parseDecimal, parseInteger } from "../normalize.ts";
import {
  accept,
  columnLabel,
  groupBy,
  idKey,
  readCell,
  readText,
  report,
  reportInvalid,
  rowNumbers,
  startRow,
  type RowInput,
  type RowState,
} from "./row.ts";

export interface SuppliesOutcome {
  rows: RowState[];
  supplies: SupplyItem[];
}

interface SupplyDraft {
  row: RowState;
  item: string | undefined;
  unit: string;
  stock: number | undefined;
  perVolunteer: number | undefined;
  reorderLevel: number | null;
  note: string;
}

function nonNegative(row: RowState, column: string, value: number | undefined, code: ProblemCode): number | undefined {
  if (value === undefined || value >= 0) return value;
  const label = columnLabel(row, column);
  report(row, {
    code,
    severity: "error",
    column,
    zh: `${label.zh}是 ${value}，不能是负数：请写现在实际有多少（没有就写 0）。`,
    en: `${label.en} is ${value}, which cannot be negative: write what there actually is (0 if none).`,
  });
  return undefined;
}

function readDraft(input: RowInput): SupplyDraft {
  const row = startRow("supplies", input);
  const item = readText(row, "item", { identifier: true });
  const unit = readText(row, "unit") ?? "";
  const stock = nonNegative(row, "stock", readCell(row, "stock", parseInteger), "stock_negative");
  const perVolunteer = nonNegative(
    row,
    "per_volunteer",
    readCell(row, "per_volunteer", parseDecimal),
    "value_negative",
  );
  // The reorder level only drives a reminder, so a wrong one is ignored rather than losing the stock.
  let reorderLevel = readCell(row, "reorder_level", parseInteger, { onInvalid: "ignore" }) ?? null;
  if (reorderLevel !== null && reorderLevel < 0) {
    reorderLevel = null;
    reportInvalid(
      row,
      "reorder_level",
      {
        zh: "补货线不能是负数：请写库存低于多少时要补货，例如 150。",
        en: "A reorder level cannot be negative: write the stock at which to reorder, e.g. 150.",
      },
      { onInvalid: "ignore" },
    );
  }
  if (stock !== undefined && reorderLevel !== null && stock < reorderLevel) {
    report(row, {
      code: "stock_below_reorder",
      severity: "warning",
      column: "stock",
      zh: `${item ?? ""}库存 ${quantity(stock, unit)}，低于补货线 ${quantity(reorderLevel, unit)}：请尽快补货。`,
      en: `${item ?? "This item"}: stock ${stock} is below the reorder level ${reorderLevel}: reorder soon.`,
    });
  }
  return { row, item, unit, stock, perVolunteer, reorderLevel, note: readText(row, "note") ?? "" };
}

function duplicateItems(drafts: readonly SupplyDraft[]): void {
  for (const group of groupBy(drafts, (d) => (d.item === undefined ? undefined : idKey(d.item))).values()) {
    if (group.length < 2) continue;
    const where = rowNumbers(group.map((d) => d.row));
    for (const d of group) {
      report(d.row, {
        code: "duplicate_supply_item",
        severity: "error",
        column: "item",
        zh: `物品“${d.item}”出现了不止一次（${where.zh}），不知道哪一行的库存是对的：请合并成一行。`,
        en: `Item "${d.item}" is listed more than once (${where.en}), so it is unclear which stock is right: merge them into one row.`,
      });
    }
  }
}

/** Reads every supplies row. */
export function validateSupplies(inputs: readonly RowInput[]): SuppliesOutcome {
  const drafts = inputs.map(readDraft);
  duplicateItems(drafts);
  const supplies: SupplyItem[] = [];
  for (const d of drafts) {
    const supply = accept(d.row, supplyItemSchema, {
      row: d.row.ref,
      item: d.item ?? "",
      unit: d.unit,
      stock: d.stock ?? -1,
      perVolunteer: d.perVolunteer ?? -1,
      reorderLevel: d.reorderLevel,
      note: d.note,
    });
    if (supply) supplies.push(supply);
  }
  return { rows: drafts.map((d) => d.row), supplies };
}
