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
  /** Google counts quota per project too; keys downloaded from the console carry it. */
  project_id: z.string().optional(),
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

/** An access token and when it expires (seconds since the epoch). */
export interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Where access tokens are kept between requests. The Worker builds its services (and so a
 * `ServiceAccountAuth`) for every request and every outbox flush; without a cache that outlives
 * them, every one of those signed a JWT and called Google's token endpoint (~70 a minute in an
 * answer wave) for a token that lasts an hour.
 */
export interface TokenCache {
  get(account: string): CachedToken | undefined;
  set(account: string, token: CachedToken): void;
  /** One exchange in flight per account, shared by concurrent callers. */
  pending: Map<string, Promise<string>>;
  stats: { exchanges: number; retries: number; failures: number };
}

export function memoryTokenCache(): TokenCache {
  const tokens = new Map<string, CachedToken>();
  return {
    get: (account) => tokens.get(account),
    set: (account, token) => void tokens.set(account, token),
    pending: new Map(),
    stats: { exchanges: 0, retries: 0, failures: 0 },
  };
}

/** Module scope: shared by every request and Durable Object call this isolate serves. */
export const isolateTokens = memoryTokenCache();

/** Token-endpoint answers worth another try: Google's bad moments, not its refusals. */
const RETRY_TOKEN_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const TOKEN_RETRIES = 3;

export class ServiceAccountAuth {
  private readonly cache: TokenCache;

  constructor(
    readonly key: ServiceAccountKey,
    private readonly deps: {
      fetch: (request: Request) => Promise<Response>;
      /** Seconds since the epoch. */
      now: () => number;
      /** Defaults to the isolate's cache; tests pass their own. */
      cache?: TokenCache;
      /** Waits between token-endpoint retries; injected so tests need not wait. */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {
    this.cache = deps.cache ?? isolateTokens;
  }

  get email(): string {
    return this.key.client_email;
  }

  /** The Google project the quota is counted in (from the key, else the email's domain part). */
  get project(): string {
    return this.key.project_id ?? this.key.client_email.split("@")[1]?.split(".")[0] ?? "default";
  }

  /** The cache key: the account and the key (a rotated key gets its own token). */
  private get account(): string {
    return `${this.key.client_email}|${this.key.token_uri}|${this.key.private_key_id ?? this.key.private_key.slice(-64)}`;
  }

  /** The header google-spreadsheet attaches to every Sheets call. */
  async getRequestHeaders(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.accessToken()}` };
  }

  async accessToken(): Promise<string> {
    const now = this.deps.now();
    const cached = this.cache.get(this.account);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_S > now) return cached.token;
    // Concurrent callers share one exchange instead of each spending a token request.
    const pending = this.cache.pending;
    let exchange = pending.get(this.account);
    if (!exchange) {
      exchange = this.exchangeWithRetries(now).finally(() => pending.delete(this.account));
      pending.set(this.account, exchange);
    }
    return exchange;
  }

  private async exchangeWithRetries(now: number): Promise<string> {
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.exchange(now);
      if (typeof outcome === "string") return outcome;
      if (!outcome.transient || attempt >= TOKEN_RETRIES) {
        this.cache.stats.failures++;
        throw outcome.error;
      }
      this.cache.stats.retries++;
      await sleep(500 * 2 ** attempt);
    }
  }

  /** The token, or why not: a network error or 5xx is transient, a refusal (400/401) is not. */
  private async exchange(now: number): Promise<string | { transient: boolean; error: Error }> {
    const assertion = await signAssertion(this.key, now);
    this.cache.stats.exchanges++;
    let response: Response;
    try {
      response = await this.deps.fetch(
        new Request(this.key.token_uri, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
        }),
      );
    } catch (cause) {
      const error = new Error(
        `连不上 Google 的登录服务，稍后会再试。Could not reach Google's token endpoint for ${this.email}; will retry.`,
        { cause },
      );
      return { transient: true, error };
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token) {
      const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
      const error = new Error(
        `Google 拒绝了服务账号 ${this.email} 的登录：${reason}。Google refused the service account ${this.email}: ${reason}.`,
      );
      return { transient: RETRY_TOKEN_STATUSES.has(response.status), error };
    }
    this.cache.set(this.account, { token: body.access_token, expiresAt: now + (body.expires_in ?? 3600) });
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
