/**
 * Buildings tab rules: every building once, with a zone and a positive number of households.
 *
 * The valid rows become the building index every other tab resolves through (parcels for "3栋"
 * land on "3号楼"). A building typed twice is an error on both rows: which row holds the right
 * households is the organizer's call, not ours.
 */
import { buildingSchema, type Building } from "../model.ts";
import { buildBuildingIndex, foldText, parseInteger, type BuildingResolver } from "../normalize.ts";
import {
  accept,
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

interface BuildingDraft {
  row: RowState;
  building: string | undefined;
  zone: string | undefined;
  households: number | undefined;
  routeOrder: number | null;
  aliases: string[];
}

export interface BuildingsOutcome {
  rows: RowState[];
  buildings: Building[];
  /** Any spelling -> a valid building's name. */
  resolve: BuildingResolver;
  /** Any spelling -> a building of any row with a name, valid or not (to explain "that row has an error"). */
  resolveAny: BuildingResolver;
}

/** Aliases are separated the way the building index splits them. */
function splitAliases(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of foldText(text).split(/[,、;/|]+/)) {
    const alias = part.trim();
    if (alias === "" || seen.has(idKey(alias))) continue;
    seen.add(idKey(alias));
    out.push(alias);
  }
  return out;
}

function readDraft(input: RowInput): BuildingDraft {
  const row = startRow("buildings", input);
  const building = readText(row, "building", { identifier: true });
  const zone = readText(row, "zone", { identifier: true });
  let households = readCell(row, "households", parseInteger, { invalidCode: "households_invalid" });
  if (households !== undefined && households <= 0) {
    households = undefined;
    reportInvalid(
      row,
      "households",
      {
        zh: "户数要是正整数：请写这栋楼住了多少户，例如 36。",
        en: "Households must be a positive whole number: write how many homes the building has, e.g. 36.",
      },
      { invalidCode: "households_invalid" },
    );
  }
  // The walking order only breaks ties inside a zone; a wrong one is ignored rather than losing the building.
  let routeOrder = readCell(row, "route_order", parseInteger, { onInvalid: "ignore" }) ?? null;
  if (routeOrder !== null && routeOrder <= 0) {
    routeOrder = null;
    reportInvalid(
      row,
      "route_order",
      { zh: "顺序要从 1 开始：请写 1、2、3……", en: "The order starts at 1: write 1, 2, 3, …" },
      { onInvalid: "ignore" },
    );
  }
  const aliasText = readText(row, "aliases") ?? "";
  return { row, building, zone, households, routeOrder, aliases: splitAliases(aliasText) };
}

function duplicateBuildings(drafts: readonly BuildingDraft[]): void {
  for (const group of groupBy(drafts, (d) => (d.building === undefined ? undefined : idKey(d.building))).values()) {
    if (group.length < 2) continue;
    const where = rowNumbers(group.map((d) => d.row));
    for (const d of group) {
      report(d.row, {
        code: "duplicate_building",
        severity: "error",
        column: "building",
        zh: `楼栋 ${d.building} 出现了不止一次（${where.zh}），这几行都不会排班：每栋楼只留一行，请删掉或合并重复的行。`,
        en: `Building ${d.building} is listed more than once (${where.en}), so none of these rows is planned: keep one row per building.`,
      });
    }
  }
}

/** A spelling two buildings claim cannot be resolved; the later row is told which one has it. */
function aliasConflicts(drafts: readonly BuildingDraft[]): void {
  const owner = new Map<string, BuildingDraft>();
  for (const d of drafts) {
    if (d.building === undefined) continue;
    owner.set(idKey(d.building), owner.get(idKey(d.building)) ?? d);
  }
  for (const d of drafts) {
    if (d.building === undefined) continue;
    for (const alias of d.aliases) {
      const other = owner.get(idKey(alias));
      if (other && other !== d) {
        report(d.row, {
          code: "building_alias_conflict",
          severity: "warning",
          column: "aliases",
          zh: `别名“${alias}”也是第 ${other.row.ref.rowNumber} 行 ${other.building} 的名称或别名，写“${alias}”的快递会认不出是哪栋：请删掉其中一个。`,
          en: `Alias "${alias}" is also the name or an alias of ${other.building} (row ${other.row.ref.rowNumber}), so parcels written "${alias}" cannot be placed: remove one of them.`,
        });
      } else if (!other) {
        owner.set(idKey(alias), d);
      }
    }
  }
}

/** Reads every building row and builds the index the other tabs resolve buildings through. */
export function validateBuildings(inputs: readonly RowInput[]): BuildingsOutcome {
  const drafts = inputs.map(readDraft);
  duplicateBuildings(drafts);
  aliasConflicts(drafts);
  const buildings: Building[] = [];
  for (const d of drafts) {
    const building = accept(d.row, buildingSchema, {
      row: d.row.ref,
      building: d.building ?? "",
      zone: d.zone ?? "",
      households: d.households ?? 0,
      routeOrder: d.routeOrder,
      aliases: d.aliases,
    });
    if (building) buildings.push(building);
  }
  const named = drafts.flatMap((d) =>
    d.building === undefined ? [] : [{ building: d.building, aliases: d.aliases.join(",") }],
  );
  return {
    rows: drafts.map((d) => d.row),
    buildings,
    resolve: buildBuildingIndex(buildings.map((b) => ({ building: b.building, aliases: b.aliases.join(",") }))),
    resolveAny: buildBuildingIndex(named),
  };
}
