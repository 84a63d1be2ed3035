/**
 * One emulated spreadsheet per Durable Object (named by spreadsheet id), stored in its SQLite
 * storage: the model's metadata as one value and its rows in chunks of 200, saved after every
 * change (only what changed). The demo spreadsheet seeds itself on first access; other ids
 * answer 404 until created, as Google does.
 */
import { DurableObject } from "cloudflare:workers";
import { addDays, localDate } from "../domain/local-time.ts";
import { clockOf, type Bindings } from "../env.ts";
import { CallGate, defaultFaults, emptyStats, faultsSchema, type Faults, type Stats } from "./faults.ts";
import { handleSheetsApi } from "./sheets-api.ts";
import { userOfToken } from "./credentials.ts";
import { quotaStub } from "./quota-object.ts";
import { demoSpreadsheet, emptySpreadsheet } from "./seed.ts";
import { SpreadsheetModel, type ModelMeta, type StoredChunk } from "./spreadsheet-model.ts";

export class SheetsEmulator extends DurableObject<Bindings> {
  private model: SpreadsheetModel | undefined;
  private gate: CallGate;
  private spreadsheetId = "";

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS chunks (sheet_id INTEGER, chunk INTEGER, data TEXT NOT NULL, PRIMARY KEY (sheet_id, chunk))",
    );
    const faults = faultsSchema.parse(this.kvGet("faults") ?? {});
    const stats = (this.kvGet("stats") as Stats | undefined) ?? emptyStats();
    this.gate = new CallGate(faults, stats, Number(this.kvGet("dice") ?? 0));
    const meta = this.kvGet("meta") as ModelMeta | undefined;
    if (meta) {
      const chunks = sql
        .exec<{ sheet_id: number; chunk: number; data: string }>("SELECT sheet_id, chunk, data FROM chunks")
        .toArray()
        .map((r) => ({ sheetId: r.sheet_id, chunk: r.chunk, data: JSON.parse(r.data) as StoredChunk }));
      this.model = SpreadsheetModel.restore(meta, chunks);
      this.spreadsheetId = meta.spreadsheetId;
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/_admin/")) return this.admin(url, request);
    const id = /^\/v4\/spreadsheets\/([^/:]+)/.exec(url.pathname)?.[1];
    if (id) this.ensureDemo(decodeURIComponent(id));
    // Real time, not ZC_NOW: Google's quota minute is the wall clock's.
    const now = Date.now();
    return handleSheetsApi(request, {
      model: this.model,
      gate: this.gate,
      authorize: (token) => userOfToken(this.env.ORGANIZER_TOKEN, token),
      quota: (user, kind) => quotaStub(this.env).admit(user, kind, now),
      now,
      spreadsheetUrl: (sid) =>
        `${this.env.PUBLIC_URL ?? "http://127.0.0.1:8787"}/emulator/?spreadsheet=${encodeURIComponent(sid)}`,
      create: (sid, title) => {
        this.model = emptySpreadsheet(sid, title, this.env.TIME_ZONE);
        this.spreadsheetId = sid;
        return this.model;
      },
      afterCall: () => this.save(),
    });
  }

  /** The local default's sheet exists from the first request on. */
  private ensureDemo(spreadsheetId: string, force = false, scale = 1): void {
    if ((this.model && !force) || spreadsheetId !== this.env.SPREADSHEET_ID) return;
    const tomorrow = addDays(localDate(clockOf(this.env)(), this.env.TIME_ZONE), 1);
    this.replace(
      demoSpreadsheet(spreadsheetId, {
        seed: Number(this.env.DEMO_SEED),
        date: tomorrow,
        timeZone: this.env.TIME_ZONE,
        scale,
      }),
    );
  }

  private replace(model: SpreadsheetModel): void {
    this.ctx.storage.sql.exec("DELETE FROM chunks");
    this.model = model;
    this.spreadsheetId = model.meta.spreadsheetId;
    this.save(true);
  }

  private async admin(url: URL, request: Request): Promise<Response> {
    const id = url.searchParams.get("spreadsheet") ?? "";
    switch (`${request.method} ${url.pathname}`) {
      case "PUT /_admin/spreadsheet": {
        // Create an empty spreadsheet with this id (or the demo, for a given scale).
        const demoScale = url.searchParams.get("demo");
        if (demoScale) {
          // The demo's sign-ups are for one date: tomorrow by the Worker's clock, or `date`.
          const date = url.searchParams.get("date") ?? addDays(localDate(clockOf(this.env)(), this.env.TIME_ZONE), 1);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return Response.json({ error: "bad_date" }, { status: 400 });
          const seed = Number(url.searchParams.get("seed") ?? this.env.DEMO_SEED);
          if (!Number.isSafeInteger(seed)) return Response.json({ error: "bad_seed" }, { status: 400 });
          this.replace(
            demoSpreadsheet(id, {
              seed,
              date,
              timeZone: this.env.TIME_ZONE,
              scale: Number(demoScale),
            }),
          );
          return Response.json({ spreadsheetId: id, seeded: "demo", scale: Number(demoScale), seed }, { status: 201 });
        }
        if (this.model) return Response.json({ spreadsheetId: id, created: false });
        this.replace(emptySpreadsheet(id, url.searchParams.get("title") ?? id, this.env.TIME_ZONE));
        return Response.json({ spreadsheetId: id, created: true }, { status: 201 });
      }
      case "POST /_admin/reset":
        this.ensureDemo(id, true);
        return Response.json({ spreadsheetId: id, reset: Boolean(this.model) });
      case "GET /_admin/stats":
        return Response.json({ spreadsheetId: id, ...this.gate.stats, faults: this.gate.faults });
      case "DELETE /_admin/stats":
        this.gate.stats = emptyStats();
        this.kvPut("stats", this.gate.stats);
        return Response.json({ spreadsheetId: id, reset: true });
      case "PUT /_admin/faults": {
        const parsed = faultsSchema.safeParse(await request.json().catch(() => ({})));
        if (!parsed.success) return Response.json({ error: parsed.error.issues }, { status: 400 });
        const faults: Faults = { ...defaultFaults, ...parsed.data };
        this.gate.setFaults(faults);
        this.kvPut("faults", faults);
        this.kvPut("dice", 0);
        return Response.json({ spreadsheetId: id, faults });
      }
      case "GET /_admin/grid": {
        this.ensureDemo(id);
        if (!this.model) return Response.json({ error: "not_found" }, { status: 404 });
        return Response.json(
          this.model.gridPageProps({ tab: url.searchParams.get("tab"), cell: url.searchParams.get("cell") }),
        );
      }
      case "POST /_admin/edit": {
        this.ensureDemo(id);
        if (!this.model) return Response.json({ error: "not_found" }, { status: 404 });
        const { tab, row, column, value } = (await request.json()) as {
          tab: string;
          row: number;
          column: number;
          value: string;
        };
        this.model.setUserEnteredValue(tab, row, column, value);
        this.save();
        return Response.json({ ok: true });
      }
      default:
        return Response.json({ error: "not_found" }, { status: 404 });
    }
  }

  /** Writes what changed since the last save. */
  private save(all = false): void {
    const sql = this.ctx.storage.sql;
    this.kvPut("stats", this.gate.stats);
    this.kvPut("dice", this.gate.draws);
    const model = this.model;
    if (!model) return;
    const dirty = model.takeDirty();
    for (const sheetId of dirty.deletedSheets) sql.exec("DELETE FROM chunks WHERE sheet_id = ?", sheetId);
    if (dirty.meta || all) this.kvPut("meta", model.meta);
    const chunks = all
      ? model
          .sheetList()
          .flatMap((s) =>
            Array.from({ length: model.chunkCount(s.sheetId) }, (_, chunk) => ({ sheetId: s.sheetId, chunk })),
          )
      : dirty.chunks;
    for (const { sheetId, chunk } of chunks) {
      const data = model.rowChunk(sheetId, chunk);
      if (data) {
        sql.exec(
          "INSERT OR REPLACE INTO chunks (sheet_id, chunk, data) VALUES (?, ?, ?)",
          sheetId,
          chunk,
          JSON.stringify(data),
        );
      } else {
        sql.exec("DELETE FROM chunks WHERE sheet_id = ? AND chunk = ?", sheetId, chunk);
      }
    }
  }

  private kvGet(key: string): unknown {
    const row = this.ctx.storage.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", key).toArray()[0];
    return row ? JSON.parse(row.v) : undefined;
  }

  private kvPut(key: string, value: unknown): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", key, JSON.stringify(value));
  }
}
