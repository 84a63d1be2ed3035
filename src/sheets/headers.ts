/**
 * Finds the manifest's tabs and columns in a sheet an organizer has shaped by hand.
 *
 * Organizers rename, reorder and translate headers ("手机", "Phone", "手机 Phone", "联系电话",
 * "Ｐｈｏｎｅ *"), so a header is matched by alias after folding width, case, spaces and
 * punctuation. A required header that cannot be found, or two columns claiming the same key, is
 * a problem naming the tab and header in both languages — never a silent wrong column.
 */
import type { Problem } from "../domain/problem.ts";
import { columnToLetters as columnName } from "./a1.ts";
import { headerText, tabTitle, type ColumnSpec, type TabSpec } from "./manifest.ts";

/** Folds full-width forms (NFKC), case, white space, punctuation and "required" markers. */
export function foldHeader(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[（(][^）)]*必填[^）)]*[）)]|[（(]\s*required\s*[）)]/g, "")
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

function candidates(spec: { zh: string; en: string; aliases: string[] }): Set<string> {
  const forms = [spec.zh, spec.en, `${spec.zh}${spec.en}`, `${spec.en}${spec.zh}`, ...spec.aliases];
  return new Set(forms.map(foldHeader).filter((f) => f.length > 0));
}

const columnCandidates = new WeakMap<ColumnSpec, Set<string>>();
function columnForms(column: ColumnSpec): Set<string> {
  let forms = columnCandidates.get(column);
  if (!forms) {
    forms = candidates(column);
    columnCandidates.set(column, forms);
  }
  return forms;
}

/** Whether a sheet title names this tab ("志愿者", "Volunteers", "志愿者 Volunteers", an alias). */
export function titleMatchesTab(title: string, tab: TabSpec): boolean {
  return candidates(tab).has(foldHeader(title));
}

/** The column a header cell names, or undefined. Exact forms beat nothing; no fuzzy guessing. */
export function matchColumn(cell: string, tab: TabSpec): ColumnSpec | undefined {
  const folded = foldHeader(cell);
  if (!folded) return undefined;
  return tab.columns.find((c) => columnForms(c).has(folded));
}

export interface HeaderMap {
  /** 1-based row number of the header row. */
  headerRow: number;
  /** Manifest column key -> 0-based column index in the sheet. */
  columns: Record<string, number>;
  problems: Problem[];
}

/** How many of the first rows may hold the header (a title line above it is common). */
export const HEADER_SEARCH_ROWS = 5;

/**
 * Locates the header row among the first rows (the one naming the most manifest columns) and
 * maps each column key to its index.
 */
export function mapHeaders(tab: TabSpec, grid: string[][]): HeaderMap {
  let best = { row: 0, score: 0 };
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, grid.length); r++) {
    const score = (grid[r] ?? []).filter((cell) => matchColumn(cell, tab)).length;
    if (score > best.score) best = { row: r, score };
  }
  const headerCells = grid[best.row] ?? [];
  const columns: Record<string, number> = {};
  const problems: Problem[] = [];
  const title = tabTitle(tab);

  headerCells.forEach((cell, index) => {
    const column = matchColumn(cell, tab);
    if (!column) return;
    const existing = columns[column.key];
    if (existing !== undefined) {
      problems.push({
        tab: tab.key,
        row: best.row + 1,
        column: column.key,
        value: cell,
        code: "header_duplicate",
        severity: "error",
        zh: `“${title}”表里有两列都是“${headerText(column)}”（第 ${columnName(existing)} 列和第 ${columnName(index)} 列）。请删除或改名其中一列。`,
        en: `Tab "${title}" has two columns for "${headerText(column)}" (columns ${columnName(existing)} and ${columnName(index)}). Delete or rename one of them.`,
      });
      return;
    }
    columns[column.key] = index;
  });

  for (const column of tab.columns) {
    if (column.required && column.owner === "organizer" && columns[column.key] === undefined) {
      problems.push({
        tab: tab.key,
        row: best.row + 1,
        column: column.key,
        code: "header_missing",
        severity: "error",
        zh: `“${title}”表缺少“${headerText(column)}”列。请在第 ${best.row + 1} 行加上这个表头（写“${column.zh}”或“${column.en}”都可以）。`,
        en: `Tab "${title}" has no "${headerText(column)}" column. Add this header in row ${best.row + 1} ("${column.zh}" or "${column.en}" both work).`,
      });
    }
  }
  return { headerRow: best.row + 1, columns, problems };
}
