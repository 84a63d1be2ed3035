/**
 * The workbook manifest as data, for the validator.
 *
 * Why a second reader beside src/sheets/manifest.ts: src/domain may not import adapters, and the
 * validator needs only column labels, `required` flags, dropdown options and ID columns. It reads
 * the same JSON file, so the two can never disagree; src/sheets/manifest.ts is where the file's
 * shape is checked (with zod, at start-up).
 *
 * Lookups throw when a tab or column is missing: that is a mismatch between this code and the
 * manifest (caught at import time and by tests/node/model-manifest), never bad input.
 */
import manifestJson from "../../../sheets-templates/manifest.json";
import type { OrganizerTabKey } from "../model.ts";

export interface ManifestOption {
  value: string;
  zh: string;
  en: string;
}

export interface ManifestColumn {
  key: string;
  zh: string;
  en: string;
  type: string;
  required: boolean;
  owner?: string;
  options?: ManifestOption[];
}

export interface ManifestTab {
  key: string;
  zh: string;
  en: string;
  owner: string;
  idColumns: string[];
  columns: ManifestColumn[];
}

const tabs: readonly ManifestTab[] = (manifestJson as { tabs: ManifestTab[] }).tabs;

/** A tab of the manifest by key. */
export function manifestTab(key: OrganizerTabKey): ManifestTab {
  const tab = tabs.find((t) => t.key === key);
  if (!tab) throw new Error(`manifest has no tab ${key}`);
  return tab;
}

/** The columns organizers type into (every column except system-owned ones such as Check). */
export function organizerColumnsOf(key: OrganizerTabKey): ManifestColumn[] {
  return manifestTab(key).columns.filter((c) => (c.owner ?? "organizer") === "organizer");
}

// Looked up for every cell of every row (a 10x roster reads ~40,000 cells), so indexed once.
const columnIndex = new Map<string, Map<string, ManifestColumn>>();

/** One organizer column of a tab. */
export function manifestColumn(tab: OrganizerTabKey, key: string): ManifestColumn {
  let columns = columnIndex.get(tab);
  if (!columns) {
    columns = new Map(organizerColumnsOf(tab).map((c) => [c.key, c]));
    columnIndex.set(tab, columns);
  }
  const column = columns.get(key);
  if (!column) throw new Error(`manifest tab ${tab} has no organizer column ${key}`);
  return column;
}

/** The dropdown options of an enum column. */
export function manifestOptions(tab: OrganizerTabKey, key: string): ManifestOption[] {
  const options = manifestColumn(tab, key).options;
  if (!options?.length) throw new Error(`manifest column ${tab}.${key} has no options`);
  return options;
}

/**
 * Sheets made before the glossary fixed 门口消杀分拣 for the gate crew and 轮 for the parcel
 * rounds still offer 门岗分拣 and 第一波 in their dropdowns: both keep working.
 */
export const roleSynonyms = { gate: ["门岗分拣", "门岗分拣 Gate crew", "门岗"] } as const;
export const waveSynonyms = {
  "1": ["第一波", "第1波", "第一波 Wave 1"],
  "2": ["第二波", "第2波", "第二波 Wave 2"],
} as const;
