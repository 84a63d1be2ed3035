/**
 * The workbook manifest (sheets-templates/manifest.json), validated once at import time.
 *
 * Everything that knows about tabs and columns reads them from here: the gateway's header
 * matching, the emulator seed, `npm run sheet:init`, and the validator's schemas.
 *
 * @example
 * const vol = tabSpec("volunteers");
 * headerText(vol.columns[0]!); // "编号 ID"
 */
import { z } from "zod";
import manifestJson from "../../sheets-templates/manifest.json";

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const optionSchema = z.object({ value: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) });

export const columnTypes = [
  "text",
  "integer",
  "number",
  "phone",
  "date",
  "time",
  "boolean",
  "enum",
  "enum_list",
  "building",
  "post_ref",
] as const;

const columnSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  zh: z.string().min(1),
  en: z.string().min(1),
  type: z.enum(columnTypes),
  required: z.boolean(),
  owner: z.enum(["organizer", "system"]).default("organizer"),
  aliases: z.array(z.string().min(1)).default([]),
  options: z.array(optionSchema).optional(),
});

export const tabKeys = [
  "volunteers",
  "signups",
  "buildings",
  "workflow",
  "parcels",
  "supplies",
  "paste",
  "plan",
  "problems",
  "messages",
  "progress",
  "gate_log",
] as const;
export type TabKey = (typeof tabKeys)[number];
export const organizerTabKeys = ["volunteers", "signups", "buildings", "workflow", "parcels", "supplies"] as const;
export type OrganizerTabKey = (typeof organizerTabKeys)[number];
/** Where organizers paste a WeChat chain for ZoneCrew to import: read, never validated as data. */
export type PasteTabKey = "paste";
export const systemTabKeys = ["plan", "problems", "messages", "progress", "gate_log"] as const;
export type SystemTabKey = (typeof systemTabKeys)[number];

const tabSchema = z
  .object({
    key: z.enum(tabKeys),
    zh: z.string().min(1),
    en: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    owner: z.enum(["organizer", "system"]),
    protected: z.boolean(),
    idColumns: z.array(z.string()).min(1),
    note: bilingual,
    columns: z.array(columnSchema).min(1),
  })
  .superRefine((tab, ctx) => {
    const keys = new Set(tab.columns.map((c) => c.key));
    if (keys.size !== tab.columns.length) ctx.addIssue({ code: "custom", message: `${tab.key}: duplicate column key` });
    for (const id of tab.idColumns) {
      if (!keys.has(id)) ctx.addIssue({ code: "custom", message: `${tab.key}: id column ${id} is not a column` });
    }
    for (const c of tab.columns) {
      const needsOptions = c.type === "enum" || c.type === "enum_list";
      const mayHaveOptions = needsOptions || c.type === "boolean";
      const hasOptions = Boolean(c.options?.length);
      if ((needsOptions && !hasOptions) || (!mayHaveOptions && hasOptions)) {
        ctx.addIssue({ code: "custom", message: `${tab.key}.${c.key}: options go with enum and boolean types only` });
      }
    }
  });

const manifestSchema = z.object({
  version: z.literal(1),
  tabs: z.array(tabSchema).length(tabKeys.length),
});

export type ColumnSpec = z.infer<typeof columnSchema>;
export type ColumnType = ColumnSpec["type"];
export type OptionSpec = z.infer<typeof optionSchema>;
export type TabSpec = z.infer<typeof tabSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest, parsed: a malformed manifest fails at start-up, not halfway through a sync. */
export const manifest: Manifest = manifestSchema.parse(manifestJson);

const byKey = new Map(manifest.tabs.map((t) => [t.key, t]));

export function tabSpec(key: TabKey): TabSpec {
  const tab = byKey.get(key);
  if (!tab) throw new Error(`manifest has no tab ${key}`);
  return tab;
}

/** The title sheet:init gives a tab, e.g. "志愿者 Volunteers". */
export function tabTitle(tab: Pick<TabSpec, "zh" | "en">): string {
  return `${tab.zh} ${tab.en}`;
}

/** The header cell sheet:init writes, e.g. "手机 Phone". */
export function headerText(column: Pick<ColumnSpec, "zh" | "en">): string {
  return column.zh === column.en ? column.zh : `${column.zh} ${column.en}`;
}

/** The dropdown label for an option, e.g. "全天 All day". */
export function optionLabel(option: OptionSpec): string {
  return `${option.zh} ${option.en}`;
}

/** Columns the organizers type into (everything but system-owned columns such as Check). */
export function organizerColumns(tab: TabSpec): ColumnSpec[] {
  return tab.columns.filter((c) => c.owner === "organizer");
}
