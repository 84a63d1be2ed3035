/**
 * Parcels tab rules: counts per building and wave, resolved to the Buildings tab.
 *
 * A count for a building the tab does not have is an error (it cannot go on any route, and the
 * organizer probably misspelled a building that then shows no parcels). Medicine and cold chain
 * are part of the count, so more of them than parcels is a warning: the row is still planned with
 * the counts as typed. Two rows for the same date, wave and building are added up by the planner
 * (two deliveries), with a warning in case one was typed twice.
 */
import { parcelCountSchema, type ParcelCount } from "../model.ts";
import { normalizeDate, optionMatcher, parseInteger, type BuildingResolver } from "../normalize.ts";
import { manifestOptions, waveSynonyms } from "./manifest.ts";
import {
  accept,
  columnLabel,
  groupBy,
  hasError,
  memo,
  readCell,
  readText,
  report,
  startRow,
  type RowInput,
  type RowState,
} from "./row.ts";

export interface ParcelContext {
  today: string;
  /** Dates are written month first in this spreadsheet (en_US). */
  monthFirst?: boolean;
  resolve: BuildingResolver;
  resolveAny: BuildingResolver;
}

export interface ParcelsOutcome {
  rows: RowState[];
  parcels: ParcelCount[];
}

interface ParcelDraft {
  row: RowState;
  date: string | undefined;
  wave: number | undefined;
  building: string | undefined;
  count: number | undefined;
  medicine: number;
  coldChain: number;
}

interface ReadContext extends ParcelContext {
  date: (text: string) => ReturnType<typeof normalizeDate>;
}

const waveOf = optionMatcher(manifestOptions("parcels", "wave"), waveSynonyms);

function readCount(row: RowState, column: "count" | "medicine" | "cold_chain"): number | undefined {
  const value = readCell(row, column, parseInteger);
  if (value === undefined || value >= 0) return value;
  const label = columnLabel(row, column);
  report(row, {
    code: "parcels_negative",
    severity: "error",
    column,
    zh: `${label.zh}是 ${value}，不能是负数：请写实际的件数（没有就写 0）。`,
    en: `${label.en} is ${value}, which cannot be negative: write the actual number (0 if none).`,
  });
  return undefined;
}

function readBuilding(row: RowState, context: ParcelContext): string | undefined {
  const text = readText(row, "building");
  if (text === undefined) return undefined;
  const match = context.resolve(text);
  if (match.ok) return match.building;
  if (match.reason === "ambiguous") {
    report(row, {
      code: "parcels_ambiguous_building",
      severity: "error",
      column: "building",
      zh: match.zh,
      en: match.en,
    });
    return undefined;
  }
  const any = context.resolveAny(text);
  if (any.ok) {
    report(row, {
      code: "parcels_unknown_building",
      severity: "error",
      column: "building",
      zh: `楼栋表里 ${any.building} 那一行有错误，这些快递排不上路线：先改好楼栋表的那一行。`,
      en: `The Buildings row of ${any.building} has an error, so these parcels cannot go on a route: fix that row first.`,
    });
    return undefined;
  }
  report(row, {
    code: "parcels_unknown_building",
    severity: "error",
    column: "building",
    zh: `${match.zh}（否则这些快递排不上路线。）`,
    en: `${match.en} (Otherwise these parcels go on no route.)`,
  });
  return undefined;
}

function readDraft(input: RowInput, context: ReadContext): ParcelDraft {
  const row = startRow("parcels", input);
  const date = readCell(row, "date", context.date);
  const wave = readCell(row, "wave", waveOf);
  const building = readBuilding(row, context);
  const count = readCount(row, "count");
  const medicine = readCount(row, "medicine") ?? 0;
  const coldChain = readCount(row, "cold_chain") ?? 0;
  if (count !== undefined && medicine + coldChain > count) {
    report(row, {
      code: "parcels_priority_exceeds_count",
      severity: "warning",
      column: "count",
      zh: `药品 ${medicine} 件加冷链 ${coldChain} 件，比总件数 ${count} 还多：药品和冷链算在总件数里，请核对数字。`,
      en: `Medicine ${medicine} plus cold chain ${coldChain} is more than the ${count} parcels in all: they are part of the total; check the numbers.`,
    });
  }
  return { row, date, wave: wave === undefined ? undefined : Number(wave), building, count, medicine, coldChain };
}

function repeatedRows(drafts: readonly ParcelDraft[]): void {
  const usable = drafts.filter((d) => !hasError(d.row));
  for (const group of groupBy(usable, (d) => `${d.date}\u001f${d.wave}\u001f${d.building}`).values()) {
    const first = group[0]!;
    for (const d of group.slice(1)) {
      report(d.row, {
        code: "parcels_duplicate",
        severity: "warning",
        column: "building",
        zh: `${d.date} 第${d.wave}波 ${d.building} 在第 ${first.row.ref.rowNumber} 行已经有一行，两行的件数会加在一起：如果是同一批快递写了两次，请删掉一行。`,
        en: `${d.date} wave ${d.wave} ${d.building} already has row ${first.row.ref.rowNumber}; the counts are added up: if the same delivery was typed twice, delete one row.`,
      });
    }
  }
}

/** Reads every parcel row against the valid buildings. */
export function validateParcels(inputs: readonly RowInput[], context: ParcelContext): ParcelsOutcome {
  // Dates and building names repeat on every row of a wave; read each distinct text once.
  const read: ReadContext = {
    ...context,
    resolve: memo(context.resolve),
    date: memo((t) => normalizeDate(t, { today: context.today, monthFirst: context.monthFirst })),
  };
  const drafts = inputs.map((input) => readDraft(input, read));
  repeatedRows(drafts);
  const parcels: ParcelCount[] = [];
  for (const d of drafts) {
    const parcel = accept(d.row, parcelCountSchema, {
      row: d.row.ref,
      date: d.date ?? "",
      wave: (d.wave ?? 0) as 1 | 2,
      building: d.building ?? "",
      count: d.count ?? -1,
      medicine: d.medicine,
      coldChain: d.coldChain,
    });
    if (parcel) parcels.push(parcel);
  }
  return { rows: drafts.map((d) => d.row), parcels };
}
