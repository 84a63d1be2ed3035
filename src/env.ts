/**
 * The Worker's bindings and vars, checked once with zod before any route or job runs, and the
 * services built from them (STYLE.md §4: the HTTP app and `scheduled()` share one factory).
 */
import { z } from "zod";
import { loadCommunity, type Community } from "./community.ts";
import { configProblems, type ConfigProblem } from "./config-problems.ts";
import { GoogleSheetsGateway } from "./sheets/google-gateway.ts";
import type { SheetsGateway } from "./sheets/gateway.ts";
import type { SheetsOutbox } from "./sheets/outbox.ts";
import type { SheetsGovernor } from "./sheets/governor.ts";
import type { EmulatorQuota } from "./emulator/quota-object.ts";
import type { JobMessage } from "./cron/fan-out.ts";
import { governedAcquire } from "./sheets/governed.ts";
import type { Priority } from "./sheets/quota-window.ts";
import type { RetryOptions } from "./sheets/retry-fetch.ts";
import { parseKeyPool } from "./sheets/key-pool.ts";
import { ServiceAccountAuth, type TokenCache } from "./sheets/service-account.ts";

export interface Bindings {
  DB: D1Database;
  SHEETS_EMULATOR: DurableObjectNamespace;
  /** The emulator's quota ledger: Google's per-user and per-project count (src/emulator/quota-object.ts). */
  EMULATOR_QUOTA: DurableObjectNamespace<EmulatorQuota>;
  /** The emulator's quota, "reads-and-writes per user/per project" a minute ("60/300", Google's) or "off". */
  EMULATOR_QUOTA_PER_MINUTE?: string;
  /** One outbox per spreadsheet: every change bound for the sheet, flushed by alarm. */
  OUTBOX: DurableObjectNamespace<SheetsOutbox>;
  /** Due jobs, one message each (src/cron/fan-out.ts); absent, the cron tick runs them itself. */
  JOBS?: Queue<JobMessage>;
  /** One per Google project: a slot under the Sheets quota for every call (src/sheets/governor.ts). */
  GOVERNOR: DurableObjectNamespace<SheetsGovernor>;
  /** Google's Sheets quota as granted to this deployment (defaults 60, 60, 300, 300). */
  SHEETS_READS_PER_MINUTE?: string;
  SHEETS_WRITES_PER_MINUTE?: string;
  SHEETS_PROJECT_READS_PER_MINUTE?: string;
  SHEETS_PROJECT_WRITES_PER_MINUTE?: string;
  /** Our own budget for one spreadsheet, reads and writes together (default 30). */
  SHEETS_PER_SPREADSHEET_PER_MINUTE?: string;
  /**
   * Wrong guesses per client (Workers rate limiting): unknown /c/ and /s/ codes, wrong console
   * sign-ins, wrong API tokens (src/services/miss-limiter.ts); absent means no limit.
   */
  LINK_MISSES?: RateLimit;
  SHEETS_BACKEND: string;
  COMMUNITY_SLUG: string;
  COMMUNITY_NAME: string;
  SPREADSHEET_ID: string;
  TIME_ZONE: string;
  DEMO_SEED: string;
  ORGANIZER_TOKEN: string;
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
  /** More service accounts (a JSON array of keys) when one account's quota is not enough. */
  GOOGLE_SERVICE_ACCOUNT_KEYS?: string;
  /** Seals stored link codes and signs the answer form; derived from ORGANIZER_TOKEN when unset. */
  LINK_SECRET?: string;
  /** Base URL the emulator grid is reached at, for links in responses (local default only). */
  PUBLIC_URL?: string;
  /**
   * Group webhooks per community, a JSON secret:
   * {"demo": {"wecom": "https://qyapi.weixin.qq.com/...", "feishu": "...", "feishuSecret": "...", "slack": "..."}}
   */
  NOTIFY_WEBHOOKS?: string;
  /** The digest warns when a supply lasts fewer days than this (default 3). */
  SUPPLY_WARN_DAYS?: string;
  /**
   * Local default only: pins the Worker's clock to this instant (ISO 8601 with a zone), so tests
   * and a newcomer can see 07:20 or 21:00 at any hour. Refused when SHEETS_BACKEND=google.
   */
  ZC_NOW?: string;
}

const varsSchema = z.object({
  SHEETS_BACKEND: z.enum(["emulator", "google"]),
  COMMUNITY_SLUG: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/),
  COMMUNITY_NAME: z.string().min(1),
  SPREADSHEET_ID: z.string().min(1),
  TIME_ZONE: z.string().refine(isTimeZone, "not an IANA time zone"),
  DEMO_SEED: z.coerce.number().int(),
  ORGANIZER_TOKEN: z.string().min(16, "ORGANIZER_TOKEN must be at least 16 characters"),
  GOOGLE_SERVICE_ACCOUNT_KEY: z.string().optional(),
  GOOGLE_SERVICE_ACCOUNT_KEYS: z.string().optional(),
  LINK_SECRET: z.string().min(32, "LINK_SECRET must be at least 32 characters").optional(),
  PUBLIC_URL: z.string().url().optional(),
  ZC_NOW: z.string().optional(),
});
export type Vars = z.infer<typeof varsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The deployment, not the caller, is wrong; `problems` name each setting in zh/en (never its value). */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: ConfigProblem[]) {
    super(`配置错误 Configuration error: ${problems.map((p) => `${p.setting}: ${p.en}`).join("; ")}`);
  }
}

export function parseVars(env: Bindings): Vars {
  const parsed = varsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const setting = i.path.join(".") || "(vars)";
        return { setting, zh: `${setting} 的值不对：${i.message}`, en: `${setting}: ${i.message}` };
      }),
    );
  }
  const problems = configProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * The one clock of the Worker: real time, or the instant `ZC_NOW` pins in the local default
 * (frozen, so a test pinned at 23:59 never crosses midnight while it runs). Timers that pace
 * real work (outbox alarms, the emulator's per-minute quota) keep real time on purpose.
 */
export function clockOf(vars: Pick<Vars, "ZC_NOW">): () => number {
  const pinned = vars.ZC_NOW === undefined ? NaN : Date.parse(vars.ZC_NOW);
  // An unparsable pin is refused by parseVars (src/config-problems.ts); callers that read env
  // directly (the emulator's demo seed) then simply keep real time.
  return Number.isNaN(pinned) ? () => Date.now() : () => pinned;
}

export interface Services {
  vars: Vars;
  backend: "emulator" | "google";
  /** Milliseconds since the epoch; the one clock everything reads. */
  now: () => number;
  community(slug: string): Promise<Community | undefined>;
  sheets(community: Community, origin?: string): SheetsGateway;
  /** A gateway by spreadsheet id, e.g. for the outbox; `retry` overrides the default backoff. */
  sheetsById(
    spreadsheetId: string,
    options?: { origin?: string; retry?: RetryOptions; priority?: Priority; account?: string },
  ): SheetsGateway;
  /** The email the community's organizers share their sheet with (Google backend only). */
  serviceAccountOf(community: Community): string | undefined;
  /** The outbox Durable Object of a spreadsheet. */
  outbox(spreadsheetId: string): DurableObjectStub<SheetsOutbox>;
  /** Secret for sealing link codes and signing answer forms (see src/services/link-keys.ts). */
  linkSecret: string;
}

export interface ServiceDeps {
  /** Injectable so tests can prove where production traffic would go. */
  fetch?: (request: Request) => Promise<Response>;
  /** Injectable so tests can move the community's clock (link expiry, answer cut-off). */
  now?: () => number;
  /** Where access tokens are kept; the isolate's memory unless a Durable Object adds its storage. */
  tokens?: TokenCache;
}

export function buildServices(env: Bindings, deps: ServiceDeps = {}): Services {
  const vars = parseVars(env);
  const outbound = deps.fetch ?? ((r: Request) => fetch(r));
  const now = deps.now ?? clockOf(vars);
  const pool =
    vars.SHEETS_BACKEND === "google"
      ? parseKeyPool(vars.GOOGLE_SERVICE_ACCOUNT_KEY, vars.GOOGLE_SERVICE_ACCOUNT_KEYS).map(
          (key) =>
            new ServiceAccountAuth(key, {
              fetch: outbound,
              // Token lifetimes are real hours whatever ZC_NOW pins (and ZC_NOW is local-only).
              now: () => Math.floor(Date.now() / 1000),
              cache: deps.tokens,
            }),
        )
      : [];
  /** The pool's account by email; the first for an unbound community or one no longer in the pool. */
  const accountOf = (email: string | null | undefined) => pool.find((a) => a.email === email) ?? pool[0]!;
  /** A spreadsheet's account, from the community that owns it (the outbox knows only the id). */
  const accountBySheet = new Map<string, Promise<ServiceAccountAuth>>();
  const resolveAccount = (spreadsheetId: string) => {
    let found = accountBySheet.get(spreadsheetId);
    if (!found) {
      found =
        spreadsheetId === vars.SPREADSHEET_ID
          ? Promise.resolve(pool[0]!)
          : env.DB.prepare("SELECT service_account FROM communities WHERE spreadsheet_id = ? LIMIT 1")
              .bind(spreadsheetId)
              .first<{ service_account: string | null }>()
              .then((row) => accountOf(row?.service_account));
      accountBySheet.set(spreadsheetId, found);
    }
    return found;
  };
  const governor = (
    spreadsheetId: string,
    account: () => Promise<{ email: string; project: string }>,
    priority: Priority = "publish",
  ) => {
    return async (kind: "read" | "write") => {
      const { email, project } = await account();
      const stub = env.GOVERNOR.get(env.GOVERNOR.idFromName(project));
      return governedAcquire(stub, { account: email, spreadsheetId }, priority)(kind);
    };
  };
  const sheetsById: Services["sheetsById"] = (spreadsheetId, options = {}) => {
    if (pool.length > 0) {
      let known: ServiceAccountAuth | undefined = options.account ? accountOf(options.account) : undefined;
      const account = async () => (known ??= await resolveAccount(spreadsheetId));
      return new GoogleSheetsGateway({
        spreadsheetId,
        url: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`,
        auth: { getRequestHeaders: async () => (await account()).getRequestHeaders() },
        fetch: outbound,
        // Named in "share the sheet with …"; known by the time any call can fail.
        account: () => known?.email,
        retry: options.retry,
        acquire: governor(spreadsheetId, account, options.priority),
      });
    }
    const base = vars.PUBLIC_URL ?? options.origin ?? "http://127.0.0.1:8787";
    return new GoogleSheetsGateway({
      spreadsheetId,
      url: `${base}/emulator/?spreadsheet=${encodeURIComponent(spreadsheetId)}`,
      // The emulator accepts the local organizer token as its bearer token.
      auth: { token: vars.ORGANIZER_TOKEN },
      fetch: (r) => emulatorStub(env, spreadsheetId).fetch(r),
      links: "emulator",
      retry: options.retry,
      // The emulator stands for one service account in one project, and counts it like Google.
      acquire: governor(spreadsheetId, async () => ({ email: "emulator", project: "local" }), options.priority),
    });
  };
  return {
    vars,
    backend: vars.SHEETS_BACKEND,
    now,
    community: (slug) => loadCommunity(env.DB, vars, slug),
    sheets: (community, origin) =>
      sheetsById(community.spreadsheetId, { origin, account: community.serviceAccount ?? undefined }),
    serviceAccountOf: (community) => (pool.length > 0 ? accountOf(community.serviceAccount).email : undefined),
    sheetsById,
    outbox: (spreadsheetId) => env.OUTBOX.get(env.OUTBOX.idFromName(spreadsheetId)),
    // Without LINK_SECRET the local default still works (production refuses to start without
    // one, src/config-problems.ts); rotating the organizer token then makes earlier links
    // unprintable on re-publish (they keep working for the volunteers who have them).
    linkSecret: vars.LINK_SECRET ?? `derived-from-organizer-token:${vars.ORGANIZER_TOKEN}`,
  };
}

export function emulatorStub(env: Bindings, spreadsheetId: string): DurableObjectStub {
  return env.SHEETS_EMULATOR.get(env.SHEETS_EMULATOR.idFromName(spreadsheetId));
}
