/**
 * The Worker's bindings and vars, checked once with zod before any route or job runs, and the
 * services built from them (STYLE.md §4: the HTTP app and `scheduled()` share one factory).
 */
import { z } from "zod";
import { loadCommunity, type Community } from "./community.ts";
import { GoogleSheetsGateway } from "./sheets/google-gateway.ts";
import type { SheetsGateway } from "./sheets/gateway.ts";
import { parseServiceAccountKey, ServiceAccountAuth } from "./sheets/service-account.ts";

export interface Bindings {
  DB: D1Database;
  SHEETS_EMULATOR: DurableObjectNamespace;
  SHEETS_BACKEND: string;
  COMMUNITY_SLUG: string;
  COMMUNITY_NAME: string;
  SPREADSHEET_ID: string;
  TIME_ZONE: string;
  DEMO_SEED: string;
  ORGANIZER_TOKEN: string;
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
  /** Base URL the emulator grid is reached at, for links in responses (local default only). */
  PUBLIC_URL?: string;
}

const varsSchema = z
  .object({
    SHEETS_BACKEND: z.enum(["emulator", "google"]),
    COMMUNITY_SLUG: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/),
    COMMUNITY_NAME: z.string().min(1),
    SPREADSHEET_ID: z.string().min(1),
    TIME_ZONE: z.string().refine(isTimeZone, "not an IANA time zone"),
    DEMO_SEED: z.coerce.number().int(),
    ORGANIZER_TOKEN: z.string().min(16, "ORGANIZER_TOKEN must be at least 16 characters"),
    GOOGLE_SERVICE_ACCOUNT_KEY: z.string().optional(),
    PUBLIC_URL: z.string().url().optional(),
  })
  .superRefine((vars, ctx) => {
    if (vars.SHEETS_BACKEND === "google" && !vars.GOOGLE_SERVICE_ACCOUNT_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_SERVICE_ACCOUNT_KEY"],
        message: "required when SHEETS_BACKEND=google",
      });
    }
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

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseVars(env: Bindings): Vars {
  const parsed = varsSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`配置错误 Configuration error: ${fields}`);
  }
  return parsed.data;
}

export interface Services {
  vars: Vars;
  backend: "emulator" | "google";
  /** Milliseconds since the epoch; the one clock everything reads. */
  now: () => number;
  community(slug: string): Promise<Community | undefined>;
  sheets(community: Community, origin?: string): SheetsGateway;
}

/** `fetch` is injectable so tests can prove where production traffic would go. */
export function buildServices(env: Bindings, deps: { fetch?: (request: Request) => Promise<Response> } = {}): Services {
  const vars = parseVars(env);
  const outbound = deps.fetch ?? ((r: Request) => fetch(r));
  const now = () => Date.now();
  const serviceAccount =
    vars.SHEETS_BACKEND === "google"
      ? new ServiceAccountAuth(parseServiceAccountKey(vars.GOOGLE_SERVICE_ACCOUNT_KEY!), {
          fetch: outbound,
          now: () => Math.floor(now() / 1000),
        })
      : undefined;
  return {
    vars,
    backend: vars.SHEETS_BACKEND,
    now,
    community: (slug) => loadCommunity(env.DB, vars, slug),
    sheets(community, origin) {
      if (serviceAccount) {
        return new GoogleSheetsGateway({
          spreadsheetId: community.spreadsheetId,
          url: `https://docs.google.com/spreadsheets/d/${community.spreadsheetId}/edit`,
          auth: serviceAccount,
          fetch: outbound,
          account: serviceAccount.email,
        });
      }
      const base = vars.PUBLIC_URL ?? origin ?? "http://127.0.0.1:8787";
      return new GoogleSheetsGateway({
        spreadsheetId: community.spreadsheetId,
        url: `${base}/emulator/?spreadsheet=${encodeURIComponent(community.spreadsheetId)}`,
        // The emulator accepts the local organizer token as its bearer token.
        auth: { token: vars.ORGANIZER_TOKEN },
        fetch: (r) => emulatorStub(env, community.spreadsheetId).fetch(r),
        links: "emulator",
      });
    },
  };
}

export function emulatorStub(env: Bindings, spreadsheetId: string): DurableObjectStub {
  return env.SHEETS_EMULATOR.get(env.SHEETS_EMULATOR.idFromName(spreadsheetId));
}
