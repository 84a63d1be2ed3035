/**
 * A small, realistic compound for validator tests, and helpers to read results by tab and row.
 *
 * Rows are built the way the gateway builds them (cells by column key, row key from the tab's ID
 * columns via src/sheets/tab-reader.ts), so a test that passes here passes on a real sheet read.
 * The base compound validates with no problem at all; each test changes one thing and checks
 * that exactly the expected problem appears on the expected row.
 */
import { demoDefaults, generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { organizerTabKeys, tabSpec, type OrganizerTabKey } from "../../src/sheets/manifest.ts";
import { rowKey } from "../../src/sheets/tab-reader.ts";
import type { Problem } from "../../src/domain/problem.ts";
import {
  validateWorkbook,
  type RowInput,
  type ValidateInput,
  type ValidationResult,
} from "../../src/domain/validate.ts";

export type Cells = Record<string, string>;

/** The evening of sign-up: the sheet is validated on 04-18 for the plan of 04-19. */
export const TODAY = "2022-04-18";
export const TOMORROW = "2022-04-19";

const buildings: Cells[] = [
  { building: "1号楼", zone: "东区", households: "38", route_order: "1", aliases: "" },
  { building: "2号楼", zone: "东区", households: "36", route_order: "2", aliases: "" },
  { building: "3号楼", zone: "东区", households: "27", route_order: "3", aliases: "3栋,B3" },
  { building: "12号楼", zone: "西区", households: "48", route_order: "1", aliases: "" },
];

const volunteers: Cells[] = [
  {
    volunteer_id: "V001",
    name: "王芳",
    phone: "13800138000",
    age: "35",
    home_building: "3号楼",
    roles: "队长 Captain",
    active: "是 Yes",
    note: "党员",
  },
  {
    volunteer_id: "V002",
    name: "李伟",
    phone: "139 1234 5678",
    age: "28",
    home_building: "12号楼",
    roles: "门岗分拣 Gate crew",
    active: "是 Yes",
    note: "",
  },
  {
    volunteer_id: "V003",
    name: "张敏",
    phone: "13611112222",
    age: "42",
    home_building: "1号楼",
    roles: "",
    active: "是 Yes",
    note: "",
  },
  {
    volunteer_id: "V004",
    name: "陈静",
    phone: "15000001111",
    age: "30",
    home_building: "2号楼",
    roles: "培训 Trainer、核酸引导 PCR marshal",
    active: "是 Yes",
    note: "医护背景",
  },
  {
    volunteer_id: "V005",
    name: "刘洋",
    phone: "18600002222",
    age: "26",
    home_building: "12号楼",
    roles: "",
    active: "否 No",
    note: "阳性，隔离中",
  },
  {
    volunteer_id: "V006",
    name: "张敏",
    phone: "18900003333",
    age: "31",
    home_building: "2号楼",
    roles: "",
    active: "是 Yes",
    note: "",
  },
];

const workflow: Cells[] = [
  {
    step: "R1",
    task: "集合培训 Assembly & training",
    scope: "包干路线 Route",
    start: "07:30",
    end: "08:00",
    place: "居委会 Committee office",
  },
  { step: "R2", task: "收垃圾 Garbage", scope: "包干路线 Route", start: "08:00", end: "09:00" },
  {
    step: "R3",
    task: "第一轮快递 Parcels round 1",
    scope: "包干路线 Route",
    start: "09:00",
    end: "11:00",
    wave: "第一波 Wave 1",
  },
  { step: "R4", task: "发抗原 Antigen kits", scope: "包干路线 Route", start: "11:00", end: "13:00" },
  { step: "R5", task: "核酸引导 PCR queue", scope: "包干路线 Route", start: "11:00", end: "13:00", date: "2022-04-21" },
  {
    step: "R6",
    task: "第二轮快递 Parcels round 2",
    scope: "包干路线 Route",
    start: "13:00",
    end: "15:00",
    wave: "第二波 Wave 2",
  },
  {
    step: "P1",
    task: "门口消杀分拣 Gate sorting",
    scope: "固定岗位 Fixed post",
    start: "07:00",
    end: "12:00",
    headcount: "6",
    role: "门岗分拣 Gate crew",
    wave: "第一波 Wave 1",
    place: "小区大门 Main gate",
  },
  {
    step: "P2",
    task: "门口消杀分拣 Gate sorting",
    scope: "固定岗位 Fixed post",
    start: "12:00",
    end: "17:00",
    headcount: "6",
    role: "门岗分拣 Gate crew",
    wave: "第二波 Wave 2",
  },
  {
    step: "P3",
    task: "核酸引导 PCR marshal",
    scope: "固定岗位 Fixed post",
    start: "07:00",
    end: "11:00",
    headcount: "4",
    role: "核酸引导 PCR marshal",
  },
  {
    step: "P4",
    task: "培训带队 Briefing lead",
    scope: "固定岗位 Fixed post",
    start: "07:00",
    end: "08:00",
    headcount: "1",
    role: "培训 Trainer",
  },
];

const signups: Cells[] = [
  { date: TOMORROW, volunteer_id: "V001", name: "王芳", availability: "全天 All day", pin: "", note: "" },
  { date: TOMORROW, volunteer_id: "V002", name: "李伟", availability: "全天 All day", pin: "P1", note: "" },
  { date: TOMORROW, volunteer_id: "V003", name: "张敏", availability: "上午 AM", pin: "", note: "" },
  { date: TOMORROW, volunteer_id: "", name: "陈静", availability: "下午 PM", pin: "", note: "自带推车" },
];

const parcels: Cells[] = [
  { date: TOMORROW, wave: "第一波 Wave 1", building: "1号楼", count: "19", medicine: "0", cold_chain: "3" },
  { date: TOMORROW, wave: "第一波 Wave 1", building: "3号楼", count: "16", medicine: "1", cold_chain: "0" },
  { date: TOMORROW, wave: "第二波 Wave 2", building: "12号楼", count: "22", medicine: "2", cold_chain: "4" },
];

const supplies: Cells[] = [
  { item: "防护服", unit: "套", stock: "420", per_volunteer: "1", reorder_level: "150", note: "一天只穿一次" },
  { item: "口罩", unit: "个", stock: "1500", per_volunteer: "2", reorder_level: "300", note: "N95" },
  { item: "消毒液", unit: "升", stock: "60", per_volunteer: "0.2", reorder_level: "20", note: "84消毒液 1:100 稀释" },
];

/** The base compound's rows per tab (fresh copies: tests may change them). */
export function baseRecords(): Record<OrganizerTabKey, Cells[]> {
  const copy = (rows: Cells[]) => rows.map((r) => ({ ...r }));
  return {
    volunteers: copy(volunteers),
    signups: copy(signups),
    buildings: copy(buildings),
    workflow: copy(workflow),
    parcels: copy(parcels),
    supplies: copy(supplies),
  };
}

/** Records -> gateway rows: row 1 is the header, so the first record is row 2. */
export function toRows(tab: OrganizerTabKey, records: readonly Cells[], firstRow = 2): RowInput[] {
  const spec = tabSpec(tab);
  return records.map((record, i) => {
    const cells: Cells = {};
    for (const column of spec.columns) cells[column.key] = record[column.key] ?? "";
    return { rowNumber: firstRow + i, cells, key: rowKey(spec, cells) };
  });
}

/** The sheet row number the `index`-th record of a tab lands on. */
export function rowOf(index: number): number {
  return index + 2;
}

export interface Validated extends ValidationResult {
  /** Problems on one row of one tab. */
  at(tab: OrganizerTabKey, rowNumber: number): Problem[];
  /** Codes of the problems on one row. */
  codesAt(tab: OrganizerTabKey, rowNumber: number): string[];
  /** Every code produced, per tab. */
  codes(tab: OrganizerTabKey): string[];
}

/** Validates the base compound with some tabs replaced. */
export function validate(
  tabs: Partial<Record<OrganizerTabKey, Cells[]>> = {},
  options: { today?: string; ageLimit?: number } = {},
): Validated {
  const records = { ...baseRecords(), ...tabs };
  const input: ValidateInput = { tabs: {}, today: options.today ?? TODAY };
  if (options.ageLimit !== undefined) input.ageLimit = options.ageLimit;
  for (const tab of organizerTabKeys) input.tabs[tab] = { rows: toRows(tab, records[tab]) };
  return withHelpers(validateWorkbook(input));
}

export function withHelpers(result: ValidationResult): Validated {
  const at = (tab: OrganizerTabKey, rowNumber: number) =>
    result.problems.filter((p) => p.tab === tab && p.row === rowNumber);
  return {
    ...result,
    at,
    codesAt: (tab, rowNumber) => at(tab, rowNumber).map((p) => p.code),
    codes: (tab) => result.problems.filter((p) => p.tab === tab).map((p) => p.code),
  };
}

/** The base compound with extra rows appended to one tab; returns the first extra row's number. */
export function validateWith(tab: OrganizerTabKey, extra: Cells[], options?: { today?: string; ageLimit?: number }) {
  const records = baseRecords();
  const first = rowOf(records[tab].length);
  const result = validate({ [tab]: [...records[tab], ...extra] }, options);
  return { result, row: first };
}

/** The demo compound's tabs as the gateway would read them. */
export function demoTabs(scale = 1): ValidateInput["tabs"] {
  const demo = generateDemoCompound({ ...demoDefaults, scale });
  const tabs: ValidateInput["tabs"] = {};
  for (const tab of organizerTabKeys) {
    const keys = tabSpec(tab).columns.map((c) => c.key);
    const records = demo.tabs[tab].rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? ""])));
    tabs[tab] = { rows: toRows(tab, records) };
  }
  return tabs;
}
