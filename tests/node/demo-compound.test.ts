/**
 * The demo compound is what `npm start`, the committed CSVs and the benchmarks all stand on, so
 * these tests pin its shape to the article's numbers and prove it is the same for the same seed.
 */
import { describe, expect, it } from "vitest";
import {
  demoDefaults,
  demoNameBlocklist,
  generateDemoCompound,
  type DemoCompound,
} from "../../src/emulator/demo-compound.ts";
import {
  headerText,
  optionLabel,
  organizerColumns,
  organizerTabKeys,
  tabSpec,
  type OrganizerTabKey,
} from "../../src/sheets/manifest.ts";

const demo = generateDemoCompound(demoDefaults);

/** The cells of one column, by manifest key, so tests survive column reordering. */
function column(compound: DemoCompound, tab: OrganizerTabKey, key: string): string[] {
  const index = tabSpec(tab).columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no column ${tab}.${key}`);
  return compound.tabs[tab].rows.map((row) => row[index] ?? "");
}

/** Each row as { columnKey: cell }. */
function records(compound: DemoCompound, tab: OrganizerTabKey): Record<string, string>[] {
  const keys = tabSpec(tab).columns.map((c) => c.key);
  return compound.tabs[tab].rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? ""])));
}

function labels(tab: OrganizerTabKey, key: string): Map<string, string> {
  const options = tabSpec(tab).columns.find((c) => c.key === key)?.options ?? [];
  return new Map(options.map((o) => [o.value, optionLabel(o)]));
}

const sum = (xs: readonly string[]): number => xs.reduce((a, x) => a + Number(x), 0);
const allCells = (compound: DemoCompound): string[] => organizerTabKeys.flatMap((k) => compound.tabs[k].rows.flat());

describe("determinism", () => {
  it("gives byte-identical output for the same seed, date and scale", () => {
    const again = generateDemoCompound({ ...demoDefaults });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
  });

  it("keeps the roster across days but changes the day's sign-ups and parcels", () => {
    // The emulator replays one compound day after day: buildings and people must not move.
    const next = generateDemoCompound({ seed: demoDefaults.seed, date: "2022-04-20" });
    for (const tab of ["volunteers", "buildings", "supplies"] as const) expect(next.tabs[tab]).toEqual(demo.tabs[tab]);
    expect(column(next, "signups", "volunteer_id")).not.toEqual(column(demo, "signups", "volunteer_id"));
    expect(column(next, "parcels", "count")).not.toEqual(column(demo, "parcels", "count"));
    expect(new Set(column(next, "signups", "date"))).toEqual(new Set(["2022-04-20"]));
  });

  it("gives another compound for another seed", () => {
    const other = generateDemoCompound({ seed: demoDefaults.seed + 1, date: demoDefaults.date });
    expect(other.tabs.volunteers.rows).not.toEqual(demo.tabs.volunteers.rows);
  });

  it("rejects a scale or date that cannot be meant", () => {
    expect(() => generateDemoCompound({ seed: 1, date: "2022-04-19", scale: 0 })).toThrow(RangeError);
    expect(() => generateDemoCompound({ seed: 1, date: "2022-04-19", scale: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoCompound({ seed: 1, date: "2022-02-30" })).toThrow(RangeError);
    expect(() => generateDemoCompound({ seed: 1, date: "19/04/2022" })).toThrow(RangeError);
  });
});

describe("shape follows the manifest", () => {
  it.each(organizerTabKeys)("%s: header has every column (Check too), rows the organizer columns", (tab) => {
    const spec = tabSpec(tab);
    expect(demo.tabs[tab].header).toEqual(spec.columns.map(headerText));
    expect(demo.tabs[tab].header.at(-1)).toBe("检查 Check");
    // Volunteers also carry 培训日期 (system-owned, read back by the sync), as roll call wrote it.
    const width = organizerColumns(spec).length + (tab === "volunteers" ? 1 : 0);
    for (const row of demo.tabs[tab].rows) expect(row).toHaveLength(width);
  });

  it("fills every required column", () => {
    for (const tab of organizerTabKeys) {
      for (const c of tabSpec(tab).columns.filter((c) => c.required && c.owner === "organizer")) {
        expect(
          column(demo, tab, c.key).filter((v) => v === ""),
          `${tab}.${c.key}`,
        ).toEqual([]);
      }
    }
  });

  it("uses only the manifest's dropdown labels in enum cells", () => {
    for (const tab of organizerTabKeys) {
      for (const c of tabSpec(tab).columns.filter((c) => c.options)) {
        const allowed = new Set(c.options?.map(optionLabel));
        const cells = column(demo, tab, c.key).filter((v) => v !== "");
        const parts = c.type === "enum_list" ? cells.flatMap((v) => v.split("、")) : cells;
        for (const part of parts) expect(allowed, `${tab}.${c.key}`).toContain(part);
      }
    }
  });
});

describe("buildings", () => {
  it("has 32 buildings in 4 zones and exactly 1,380 households (the article's ~1,400)", () => {
    const households = column(demo, "buildings", "households");
    expect(households).toHaveLength(32);
    expect(new Set(column(demo, "buildings", "zone")).size).toBe(4);
    expect(sum(households)).toBe(1380);
    for (const h of households) expect(Number(h)).toBeGreaterThanOrEqual(24);
    for (const h of households) expect(Number(h)).toBeLessThanOrEqual(72);
  });

  it("numbers the route order 1..n inside each zone, and gives a few buildings aliases", () => {
    const byZone = new Map<string, number[]>();
    for (const b of records(demo, "buildings")) {
      byZone.set(b.zone ?? "", [...(byZone.get(b.zone ?? "") ?? []), Number(b.route_order)]);
    }
    for (const orders of byZone.values()) {
      expect(orders.toSorted((a, b) => a - b)).toEqual(orders.map((_, i) => i + 1));
    }
    const aliases = column(demo, "buildings", "aliases").filter((a) => a !== "");
    expect(aliases.length).toBeGreaterThan(0);
    for (const a of aliases) expect(a).toMatch(/^\d+栋,B\d+$/);
  });
});

describe("volunteers", () => {
  const vols = records(demo, "volunteers");
  const roleLabel = labels("volunteers", "roles");
  const withRole = (role: string): Record<string, string>[] =>
    vols.filter((v) => (v.roles ?? "").split("、").includes(roleLabel.get(role) ?? "?"));

  it("has ~320 people with unique IDs and unique, valid mainland mobiles", () => {
    expect(vols.length).toBeGreaterThanOrEqual(300);
    expect(vols.length).toBeLessThanOrEqual(340);
    const ids = vols.map((v) => v.volunteer_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^V\d{3}$/);
    const phones = vols.map((v) => v.phone ?? "");
    expect(new Set(phones).size).toBe(phones.length);
    for (const p of phones) expect(p).toMatch(/^1[3-9]\d{9}$/);
    expect(new Set(vols.map((v) => v.name)).size).toBe(vols.length);
  });

  it("keeps everyone between 18 and 49 (the compound's under-50 rule)", () => {
    for (const v of vols) {
      expect(Number(v.age)).toBeGreaterThanOrEqual(18);
      expect(Number(v.age)).toBeLessThan(50);
    }
  });

  it("lives in buildings that exist", () => {
    const buildings = new Set(column(demo, "buildings", "building"));
    for (const v of vols) expect(buildings).toContain(v.home_building);
  });

  it("has two captains per zone, living in it, and the crews the fixed posts need", () => {
    const zoneOf = new Map(records(demo, "buildings").map((b) => [b.building, b.zone]));
    const captainZones = withRole("captain").map((v) => zoneOf.get(v.home_building ?? ""));
    expect(captainZones.toSorted()).toEqual(
      ["东区", "东区", "北区", "北区", "南区", "南区", "西区", "西区"].toSorted(),
    );
    expect(withRole("gate")).toHaveLength(24);
    expect(withRole("pcr")).toHaveLength(12);
    expect(withRole("trainer")).toHaveLength(4);
  });

  it("is almost all active, with a few inactive", () => {
    const activeLabel = labels("volunteers", "active");
    const inactive = vols.filter((v) => v.active === activeLabel.get("false"));
    expect(inactive.length).toBeGreaterThan(0);
    expect(inactive.length).toBeLessThan(vols.length * 0.05);
    expect(vols.filter((v) => v.active === activeLabel.get("true"))).toHaveLength(vols.length - inactive.length);
  });
});

describe("sign-ups", () => {
  const signups = records(demo, "signups");
  const vols = new Map(records(demo, "volunteers").map((v) => [v.volunteer_id, v]));
  const availability = labels("signups", "availability");

  it("has ~120 distinct active volunteers, named as on the roster, all for the date", () => {
    expect(signups.length).toBeGreaterThanOrEqual(110);
    expect(signups.length).toBeLessThanOrEqual(130);
    const ids = signups.map((s) => s.volunteer_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of signups) {
      const v = vols.get(s.volunteer_id);
      expect(v, s.volunteer_id).toBeDefined();
      expect(v?.active).toBe(labels("volunteers", "active").get("true"));
      expect(s.name).toBe(v?.name);
      expect(s.date).toBe(demoDefaults.date);
    }
  });

  it("is mostly all-day, with some AM-only and some PM-only", () => {
    const count = (value: string): number => signups.filter((s) => s.availability === availability.get(value)).length;
    expect(count("am")).toBeGreaterThan(signups.length * 0.08);
    expect(count("am")).toBeLessThan(signups.length * 0.16);
    expect(count("pm")).toBeGreaterThan(signups.length * 0.06);
    expect(count("pm")).toBeLessThan(signups.length * 0.14);
    expect(count("all_day")).toBe(signups.length - count("am") - count("pm"));
  });

  it("pins one or two people to fixed posts they hold the role for", () => {
    const steps = new Map(records(demo, "workflow").map((w) => [w.step, w]));
    const roleLabel = labels("volunteers", "roles");
    const requiredRole = labels("workflow", "role");
    const pinned = signups.filter((s) => s.pin !== "");
    expect(pinned.length).toBeGreaterThanOrEqual(1);
    expect(pinned.length).toBeLessThanOrEqual(2);
    for (const s of pinned) {
      const step = steps.get(s.pin);
      expect(step?.scope).toBe(labels("workflow", "scope").get("post"));
      const role = [...requiredRole].find(([, l]) => l === step?.role)?.[0] ?? "?";
      expect(vols.get(s.volunteer_id)?.roles?.split("、")).toContain(roleLabel.get(role));
    }
  });
});

describe("workflow", () => {
  const steps = records(demo, "workflow");
  const task = labels("workflow", "task");
  const scope = labels("workflow", "scope");

  it("runs the daily route stages back to back, so one protective suit lasts the day", () => {
    const daily = steps.filter((s) => s.scope === scope.get("route") && s.date === "");
    expect(daily.map((s) => s.task)).toEqual(
      ["assembly", "garbage", "parcels_1", "antigen", "parcels_2"].map((t) => task.get(t)),
    );
    for (let i = 1; i < daily.length; i++) expect(daily[i]?.start).toBe(daily[i - 1]?.end);
    expect(daily[0]?.start).toBe("07:30");
    for (const s of steps) expect(`${s.start}-${s.end}`).toMatch(/^\d{2}:\d{2}-\d{2}:\d{2}$/);
  });

  it("has a dated PCR-queue stage, the gate crew per wave, PCR marshals and a briefing lead", () => {
    expect(steps.find((s) => s.task === task.get("pcr"))?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const posts = steps.filter((s) => s.scope === scope.get("post"));
    const headcount = (t: string): number[] =>
      posts.filter((s) => s.task === task.get(t)).map((s) => Number(s.headcount));
    expect(headcount("gate_sort")).toEqual([6, 6]);
    expect(headcount("pcr_marshal")).toEqual([4]);
    expect(headcount("briefing_lead")).toEqual([1]);
    expect(posts.find((s) => s.task === task.get("gate_sort"))?.place).toBe("小区大门 Main gate");
  });
});

describe("parcels and supplies", () => {
  it("has a row for both waves for every building, priority goods within the count", () => {
    const buildings = column(demo, "buildings", "building");
    const parcels = records(demo, "parcels");
    const wave = labels("parcels", "wave");
    for (const w of ["1", "2"]) {
      expect(parcels.filter((p) => p.wave === wave.get(w)).map((p) => p.building)).toEqual(buildings);
    }
    for (const p of parcels) {
      expect(Number(p.count)).toBeGreaterThan(0);
      expect(Number(p.medicine) + Number(p.cold_chain)).toBeLessThanOrEqual(Number(p.count));
    }
    // Priority goods are the exception, not the rule.
    expect(parcels.filter((p) => p.medicine === "0").length).toBeGreaterThan(parcels.length / 2);
    expect(parcels.filter((p) => p.medicine !== "0").length).toBeGreaterThan(0);
    expect(parcels.filter((p) => p.cold_chain !== "0").length).toBeGreaterThan(0);
  });

  it("stocks the five protective supplies, one suit per volunteer per day", () => {
    const supplies = records(demo, "supplies");
    expect(supplies.map((s) => s.item)).toEqual(["防护服", "口罩", "手套", "鞋套", "消毒液"]);
    expect(supplies[0]?.per_volunteer).toBe("1");
  });
});

describe("scale", () => {
  const big = generateDemoCompound({ ...demoDefaults, scale: 10 });

  it("multiplies buildings, zones, households, volunteers, sign-ups and parcels by 10", () => {
    expect(big.tabs.buildings.rows).toHaveLength(320);
    expect(new Set(column(big, "buildings", "zone")).size).toBe(40);
    expect(sum(column(big, "buildings", "households"))).toBe(13800);
    expect(big.tabs.volunteers.rows).toHaveLength(10 * demo.tabs.volunteers.rows.length);
    expect(big.tabs.signups.rows).toHaveLength(10 * demo.tabs.signups.rows.length);
    expect(big.tabs.parcels.rows).toHaveLength(640);
  });

  it("keeps IDs, phones and building names unique, and sign-ups pointing at volunteers", () => {
    for (const [tab, key] of [
      ["volunteers", "volunteer_id"],
      ["volunteers", "phone"],
      ["buildings", "building"],
      ["signups", "volunteer_id"],
    ] as const) {
      const values = column(big, tab, key);
      expect(new Set(values).size, `${tab}.${key}`).toBe(values.length);
    }
    const ids = new Set(column(big, "volunteers", "volunteer_id"));
    for (const id of column(big, "signups", "volunteer_id")) expect(ids).toContain(id);
  });
});

describe("names", () => {
  it("never uses the real people of the article, at any scale", () => {
    const real = ["李荣刚", "俞浩泉", "方晨琦"];
    for (const compound of [demo, generateDemoCompound({ ...demoDefaults, scale: 10 })]) {
      const text = allCells(compound).join("\n");
      for (const name of real) expect(text).not.toContain(name);
      // Not even the given names with another surname.
      for (const given of ["荣刚", "浩泉", "晨琦"]) expect(text).not.toContain(given);
    }
  });

  it("avoids the blocklisted celebrity names", () => {
    const names = new Set(column(generateDemoCompound({ ...demoDefaults, scale: 10 }), "volunteers", "name"));
    for (const name of demoNameBlocklist) expect(names).not.toContain(name);
  });
});
