/**
 * The stored form of 200 rows of one sheet. A dropdown or a header format is the same object in
 * hundreds of cells, so rules and formats are kept once per chunk in `shared` and cells point to
 * them by index; a Volunteers chunk with four dropdown columns stays well under the 128 KiB a
 * Durable Object storage value may hold.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import type { Cell, Scalar } from "./cell-value.ts";
import type { Row } from "./workbook.ts";

export interface StoredCell {
  v?: Scalar;
  f?: string;
  note?: string;
  /** Index into `StoredChunk.shared`. */
  dv?: number;
  /** Index into `StoredChunk.shared`. */
  fmt?: number;
}

export interface StoredChunk {
  rows: Array<Array<StoredCell | null> | null>;
  shared?: Array<sheets_v4.Schema$DataValidationRule | sheets_v4.Schema$CellFormat>;
}

/** Encodes rows (trailing empty rows already dropped by the caller); null when there is nothing to store. */
export function encodeChunk(rows: Array<Row | null>): StoredChunk | null {
  if (rows.length === 0) return null;
  const shared: NonNullable<StoredChunk["shared"]> = [];
  const index = new Map<string, number>();
  const ref = (value: object): number => {
    const key = JSON.stringify(value);
    let i = index.get(key);
    if (i === undefined) {
      i = shared.push(structuredClone(value)) - 1;
      index.set(key, i);
    }
    return i;
  };
  const out: StoredChunk = {
    rows: rows.map((row) =>
      row
        ? row.map((cell) => {
            if (!cell) return null;
            const { dv, fmt, ...rest } = cell;
            const stored: StoredCell = { ...rest };
            if (dv) stored.dv = ref(dv);
            if (fmt) stored.fmt = ref(fmt);
            return stored;
          })
        : null,
    ),
  };
  if (shared.length) out.shared = shared;
  return out;
}

export function decodeChunk(chunk: StoredChunk): Array<Row | null> {
  const shared = chunk.shared ?? [];
  return chunk.rows.map((row) =>
    row
      ? row.map((stored) => {
          if (!stored) return null;
          const { dv, fmt, ...rest } = stored;
          const cell: Cell = { ...rest };
          const rule = dv === undefined ? undefined : shared[dv];
          const format = fmt === undefined ? undefined : shared[fmt];
          if (rule) cell.dv = structuredClone(rule) as sheets_v4.Schema$DataValidationRule;
          if (format) cell.fmt = structuredClone(format) as sheets_v4.Schema$CellFormat;
          return cell;
        })
      : null,
  );
}
