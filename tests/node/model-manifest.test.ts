/**
 * The manifest is the one list of columns; these tests make the model follow it. Adding a column
 * to sheets-templates/manifest.json without a field in src/domain/model.ts (or a field without a
 * column) fails here, so the validator cannot silently ignore what organizers type.
 */
import { describe, expect, it } from "vitest";
import {
  availabilityValues,
  columnFields,
  metaFields,
  organizerTabKeys,
  roleValues,
  scopeValues,
  snapshotSchema,
  systemColumnFields,
  tabSchemas,
  taskValues,
  waveValues,
} from "../../src/domain/model.ts";
import { AVAILABILITY_OPTIONS } from "../../src/domain/normalize.ts";
import { organizerColumns, organizerTabKeys as manifestOrganizerTabs, tabSpec } from "../../src/sheets/manifest.ts";

function optionValues(tab: (typeof organizerTabKeys)[number], column: string): string[] {
  return (tabSpec(tab).columns.find((c) => c.key === column)?.options ?? []).map((o) => o.value);
}

describe("the model has one field per organizer column of the manifest", () => {
  it("covers the same organizer tabs as the manifest", () => {
    expect([...organizerTabKeys]).toEqual([...manifestOrganizerTabs]);
  });

  it.each(organizerTabKeys)("%s: every organizer column maps to a field of the schema", (tab) => {
    const columns = organizerColumns(tabSpec(tab)).map((c) => c.key);
    const shape = Object.keys(tabSchemas[tab].shape);
    for (const column of columns) {
      const field = columnFields[tab][column];
      expect(field, `manifest column ${tab}.${column} has no field in columnFields`).toBeDefined();
      expect(shape, `${tab}.${column} maps to "${field}", which the schema lacks`).toContain(field);
    }
    // And nothing maps a column the manifest no longer has.
    expect(Object.keys(columnFields[tab]).sort()).toEqual([...columns].sort());
  });

  it.each(organizerTabKeys)("%s: every schema field is a column's (or a row reference)", (tab) => {
    const mapped = new Set([...Object.values(columnFields[tab]), ...Object.values(systemColumnFields[tab] ?? {})]);
    for (const field of Object.keys(tabSchemas[tab].shape)) {
      if ((metaFields as readonly string[]).includes(field)) continue;
      expect(mapped.has(field as never), `${tab} schema field "${field}" has no manifest column`).toBe(true);
    }
  });

  it("maps no system-owned column as an organizer's (Check is written, never read)", () => {
    for (const tab of organizerTabKeys) {
      for (const column of tabSpec(tab).columns.filter((c) => c.owner === "system")) {
        expect(columnFields[tab][column.key]).toBeUndefined();
      }
    }
  });

  it("reads back only system columns that exist and are system-owned (培训日期 Trained on)", () => {
    for (const tab of organizerTabKeys) {
      for (const key of Object.keys(systemColumnFields[tab] ?? {})) {
        expect(tabSpec(tab).columns.find((c) => c.key === key)?.owner, `${tab}.${key}`).toBe("system");
      }
    }
    expect(systemColumnFields.volunteers).toEqual({ trained_on: "trainedOn" });
  });

  it("the snapshot holds one list per organizer tab", () => {
    const lists = {
      volunteers: "volunteers",
      signups: "signups",
      buildings: "buildings",
      workflow: "workflow",
      parcels: "parcels",
      supplies: "supplies",
    };
    for (const tab of organizerTabKeys) expect(Object.keys(snapshotSchema.shape)).toContain(lists[tab]);
  });
});

describe("the model's option values are the manifest's dropdown values", () => {
  it("roles, tasks, scopes, waves and availability", () => {
    expect(optionValues("volunteers", "roles")).toEqual([...roleValues]);
    expect(optionValues("workflow", "role")).toEqual([...roleValues]);
    expect(optionValues("workflow", "task")).toEqual([...taskValues]);
    expect(optionValues("workflow", "scope")).toEqual([...scopeValues]);
    expect(optionValues("workflow", "wave")).toEqual(waveValues.map(String));
    expect(optionValues("parcels", "wave")).toEqual(waveValues.map(String));
    expect(optionValues("signups", "availability")).toEqual([...availabilityValues]);
  });

  it("the availability normalizer's built-in options are the manifest's (the validator relies on it)", () => {
    const manifest = tabSpec("signups").columns.find((c) => c.key === "availability")?.options;
    expect(AVAILABILITY_OPTIONS).toEqual(manifest);
  });
});
