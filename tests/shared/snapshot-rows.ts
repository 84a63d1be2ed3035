/** Which sheet rows a validated snapshot was built from, for tests that damage rows and look for them. */
import type { Snapshot } from "../../src/domain/model.ts";
import { organizerTabKeys } from "../../src/domain/model.ts";

/** "tab:rowNumber" of every row an entity of the snapshot came from (merged duplicates included). */
export function snapshotRows(snapshot: Snapshot): Set<string> {
  const used = new Set<string>();
  for (const tab of organizerTabKeys) {
    for (const entity of snapshot[tab] as { row: { rowNumber: number }; mergedRows?: { rowNumber: number }[] }[]) {
      used.add(`${tab}:${entity.row.rowNumber}`);
      for (const merged of entity.mergedRows ?? []) used.add(`${tab}:${merged.rowNumber}`);
    }
  }
  return used;
}
