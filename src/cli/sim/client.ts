/**
 * How the simulation talks to its private Worker: the organizer API (bearer token per community),
 * the emulator's Sheets v4 paths as an organizer's own Sheets client would use them (sorting,
 * inserting rows, typing), and the emulator's stats and fault switches.
 *
 * Every Sheets call the simulator itself makes is counted per spreadsheet, so the report can
 * tell ZoneCrew's requests from the organizers' and the checker's.
 */
import type { Faults } from "../../emulator/faults.ts";
import { quoteSheetTitle } from "../../sheets/a1.ts";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Emulator stats as `GET /emulator/stats` returns them. */
export interface EmulatorStats {
  reads: number;
  writes: number;
  throttled: number;
  injected: Record<string, number>;
  perMinute: Record<string, { reads: number; writes: number }>;
  perMinuteByAccount?: Record<string, Record<string, { reads: number; writes: number }>>;
  maxReadsPerMinute: number;
  maxWritesPerMinute: number;
}

/**
 * The most Sheets requests the Worker made for one spreadsheet in any UTC minute: every account
 * but the simulator's own checker (older emulator stats without accounts: every call).
 */
export function workerMaxPerMinute(stats: EmulatorStats, checker: string): number {
  if (!stats.perMinuteByAccount) return Math.max(0, ...Object.values(stats.perMinute).map((m) => m.reads + m.writes));
  const total = new Map<string, number>();
  for (const [account, perMinute] of Object.entries(stats.perMinuteByAccount)) {
    if (account === checker) continue;
    for (const [minute, m] of Object.entries(perMinute))
      total.set(minute, (total.get(minute) ?? 0) + m.reads + m.writes);
  }
  return Math.max(0, ...total.values());
}

export interface OutboxState {
  pending: number;
  failures: number;
  flushes: number;
  alarm: number | null;
  lastError: string | null;
}

/**
 * fetch that waits out a Worker that is restarting or briefly unreachable (connection refused or
 * reset), as a phone's browser lets a person tap again. Counts the retries. The body is read
 * inside the retry: a SIGKILL can cut a response after its headers ("terminated"), and that is
 * the same lost answer to the person holding the phone.
 */
export async function fetchPatiently(
  url: string,
  init: RequestInit | undefined,
  onRetry: () => void,
  patienceMs = 180_000,
): Promise<Response> {
  const start = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, init);
      const body = await response.arrayBuffer();
      const empty = body.byteLength === 0 || [101, 204, 205, 304].includes(response.status);
      return new Response(empty ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (Date.now() - start > patienceMs) throw error;
      onRetry();
      await sleep(Math.min(5_000, 200 * attempt));
    }
  }
}

export class SimClient {
  /** Sheets calls the simulator made, per spreadsheet. */
  readonly own = new Map<string, { reads: number; writes: number }>();
  networkRetries = 0;
  /** Calls sent again after a 429/5xx answer. */
  httpRetries = 0;
  /**
   * The simulator's own Sheets calls (organizers, checker) act as this token when set: another
   * service account, so they do not count against the Worker's quota (--pace real).
   */
  sheetsToken: string | undefined;

  constructor(
    readonly base: string,
    /** The Worker's ORGANIZER_TOKEN: the demo community's token and the emulator's bearer. */
    readonly emulatorToken: string,
  ) {}

  async fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetchPatiently(`${this.base}${path}`, init, () => this.networkRetries++);
  }

  async json<T>(path: string, init: RequestInit & { token?: string; okStatuses?: number[] } = {}): Promise<T> {
    const headers = new Headers(init.headers);
    const own = path.startsWith("/emulator/v4/") ? this.sheetsToken : undefined;
    headers.set("authorization", `Bearer ${init.token ?? own ?? this.emulatorToken}`);
    if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    // The organizers' own Sheets client (and the organizer pressing a button again) retries what
    // the sheet refused: 429 and 5xx, with backoff, as Google's client libraries do.
    for (let attempt = 1; ; attempt++) {
      const response = await this.fetch(path, { ...init, headers });
      const text = await response.text();
      if (response.ok || (init.okStatuses ?? []).includes(response.status)) {
        return (text ? JSON.parse(text) : null) as T;
      }
      // A 429 is waited out longer: at real pace the checker shares one account's 60 reads a minute.
      if ((response.status === 429 && attempt < 40) || (response.status >= 500 && attempt < 10)) {
        this.httpRetries++;
        await sleep(Math.min(8_000, 500 * 2 ** (attempt - 1)));
        continue;
      }
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text.slice(0, 500)}`);
    }
  }

  /** An organizer API call for one community. */
  api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return this.json<T>(path, { method, token, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private count(spreadsheetId: string, kind: "reads" | "writes"): void {
    const c = this.own.get(spreadsheetId) ?? { reads: 0, writes: 0 };
    c[kind]++;
    this.own.set(spreadsheetId, c);
  }

  private sheetsPath(spreadsheetId: string, rest: string): string {
    return `/emulator/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}${rest}`;
  }

  /** The formatted values of a whole tab (as an organizer's client or a checker reads it). */
  async tabValues(spreadsheetId: string, title: string): Promise<string[][]> {
    this.count(spreadsheetId, "reads");
    const range = encodeURIComponent(quoteSheetTitle(title));
    const body = await this.json<{ values?: string[][] }>(this.sheetsPath(spreadsheetId, `/values/${range}`));
    return (body.values ?? []).map((row) => row.map((c) => String(c ?? "")));
  }

  /** Tab title -> sheet id. */
  async sheetIds(spreadsheetId: string): Promise<Map<string, number>> {
    this.count(spreadsheetId, "reads");
    const body = await this.json<{ sheets: Array<{ properties: { title: string; sheetId: number } }> }>(
      this.sheetsPath(spreadsheetId, "?fields=sheets.properties"),
    );
    return new Map(body.sheets.map((s) => [s.properties.title, s.properties.sheetId]));
  }

  async batchUpdate(spreadsheetId: string, requests: unknown[]): Promise<void> {
    this.count(spreadsheetId, "writes");
    await this.json(this.sheetsPath(spreadsheetId, ":batchUpdate"), {
      method: "POST",
      body: JSON.stringify({ requests }),
    });
  }

  /** Rows typed at the bottom of a tab (values.append, USER_ENTERED), as an organizer adds them. */
  async append(spreadsheetId: string, title: string, rows: string[][]): Promise<void> {
    this.count(spreadsheetId, "writes");
    const range = encodeURIComponent(`${quoteSheetTitle(title)}!A1`);
    await this.json(
      this.sheetsPath(
        spreadsheetId,
        `/values/${range}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
      ),
      { method: "POST", body: JSON.stringify({ values: rows }) },
    );
  }

  /** Overwrites a block of cells starting at `a1` (USER_ENTERED). */
  async put(spreadsheetId: string, title: string, a1: string, rows: string[][]): Promise<void> {
    this.count(spreadsheetId, "writes");
    const range = encodeURIComponent(`${quoteSheetTitle(title)}!${a1}`);
    await this.json(this.sheetsPath(spreadsheetId, `/values/${range}?valueInputOption=USER_ENTERED`), {
      method: "PUT",
      body: JSON.stringify({ values: rows }),
    });
  }

  async clear(spreadsheetId: string, title: string, a1: string): Promise<void> {
    this.count(spreadsheetId, "writes");
    const range = encodeURIComponent(`${quoteSheetTitle(title)}!${a1}`);
    await this.json(this.sheetsPath(spreadsheetId, `/values/${range}:clear`), { method: "POST", body: "{}" });
  }

  /** The demo compound generated with `seed` at `scale` (replaces whatever the id held). */
  async createDemo(spreadsheetId: string, seed: number, scale: number): Promise<void> {
    await this.json(`/emulator/spreadsheets/${encodeURIComponent(spreadsheetId)}?demo=${scale}&seed=${seed}`, {
      method: "PUT",
    });
  }

  stats(spreadsheetId: string): Promise<EmulatorStats> {
    return this.json<EmulatorStats>(`/emulator/stats?spreadsheet=${encodeURIComponent(spreadsheetId)}`);
  }

  async resetStats(spreadsheetId: string): Promise<void> {
    await this.json(`/emulator/stats?spreadsheet=${encodeURIComponent(spreadsheetId)}`, { method: "DELETE" });
    this.own.delete(spreadsheetId);
  }

  async setFaults(spreadsheetId: string, faults: Partial<Faults>): Promise<void> {
    await this.json("/emulator/faults", {
      method: "POST",
      body: JSON.stringify({ spreadsheet: spreadsheetId, ...faults }),
    });
  }

  outbox(token: string, slug: string): Promise<OutboxState> {
    return this.api<OutboxState>(token, "GET", `/api/${slug}/outbox`);
  }
}
