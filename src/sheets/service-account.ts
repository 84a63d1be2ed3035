/**
 * Google service-account auth that runs on Workers.
 *
 * google-auth-library needs Node's crypto, so we follow Google's documented server-to-server
 * OAuth flow ourselves: sign a JWT (RS256, jose over WebCrypto) with the key from the
 * `GOOGLE_SERVICE_ACCOUNT_KEY` secret, exchange it at the key's token_uri for an access token,
 * and cache the token until shortly before it expires. google-spreadsheet calls
 * `getRequestHeaders()` before every request.
 */
import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

const keySchema = z.object({
  type: z.literal("service_account").optional(),
  client_email: z.string().email(),
  private_key: z.string().includes("PRIVATE KEY"),
  private_key_id: z.string().optional(),
  token_uri: z.string().url().default("https://oauth2.googleapis.com/token"),
});
export type ServiceAccountKey = z.infer<typeof keySchema>;

/** Parses the key JSON; the error names every missing or malformed field. */
export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("GOOGLE_SERVICE_ACCOUNT_KEY 不是有效的 JSON。GOOGLE_SERVICE_ACCOUNT_KEY is not valid JSON.");
  }
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new Error(
      `服务账号密钥缺少或错误的字段：${fields}。Service-account key is missing or has malformed fields: ${fields}.`,
    );
  }
  return parsed.data;
}

/** Refresh this long before expiry so a token never dies mid-request. */
const EXPIRY_MARGIN_S = 300;

export class ServiceAccountAuth {
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    readonly key: ServiceAccountKey,
    private readonly deps: {
      fetch: (request: Request) => Promise<Response>;
      /** Seconds since the epoch. */
      now: () => number;
    },
  ) {}

  get email(): string {
    return this.key.client_email;
  }

  /** The header google-spreadsheet attaches to every Sheets call. */
  async getRequestHeaders(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.accessToken()}` };
  }

  async accessToken(): Promise<string> {
    const now = this.deps.now();
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_S > now) return this.cached.token;
    // Concurrent callers share one exchange instead of each spending a token request.
    this.pending ??= this.exchange(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async exchange(now: number): Promise<string> {
    const assertion = await signAssertion(this.key, now);
    const response = await this.deps.fetch(
      new Request(this.key.token_uri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      }),
    );
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token) {
      const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
      throw new Error(
        `Google 拒绝了服务账号 ${this.email} 的登录：${reason}。Google refused the service account ${this.email}: ${reason}.`,
      );
    }
    this.cached = { token: body.access_token, expiresAt: now + (body.expires_in ?? 3600) };
    return body.access_token;
  }
}

/** The signed JWT of Google's server-to-server flow (one hour, the longest Google accepts). */
export async function signAssertion(key: ServiceAccountKey, now: number): Promise<string> {
  const privateKey = await importPKCS8(key.private_key, "RS256");
  return new SignJWT({ scope: SHEETS_SCOPE })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(key.private_key_id ? { kid: key.private_key_id } : {}) })
    .setIssuer(key.client_email)
    .setAudience(key.token_uri)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
}
