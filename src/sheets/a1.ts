/**
 * The little A1 notation the gateway writes and reads back: quoted sheet titles, column letters,
 * and the grid size Google reports in a whole-tab range ("'志愿者 Volunteers'!A1:Z1000").
 */

/** Spreadsheet column letters for a 0-based index: 0 -> A, 26 -> AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** 0-based index of column letters: A -> 0, AA -> 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A sheet title as A1 notation needs it: quoted (with '' for ') unless plain. */
export function quoteTitle(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

/** The bottom-right corner of a returned range as a grid size, e.g. A1:Z1000 -> 1000 x 26. */
export function gridSizeOfRange(range: string): { rows: number; columns: number } | undefined {
  const match = /!?\$?([A-Za-z]+)\$?(\d+)?(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(range);
  if (!match) return undefined;
  const letters = match[3] ?? match[1];
  const row = match[4] ?? match[2];
  if (!letters || !row) return undefined;
  return { rows: Number(row), columns: columnIndex(letters) + 1 };
}
