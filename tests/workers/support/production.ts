/**
 * The Worker's env as a correct production deployment has it: Google backend with a real-shaped
 * service-account key, a long random organizer token and link secret, an https PUBLIC_URL, and no
 * clock pin. Tests take one thing away from it to prove that thing is refused.
 */
import { env } from "cloudflare:test";
import { exportPKCS8, generateKeyPair } from "jose";

export const SERVICE_ACCOUNT = "zonecrew@example-project.iam.gserviceaccount.com";
export const PRODUCTION_TOKEN = "prod-organizer-token-3b9f1c2e8d7a6f5e4d3c2b1a";

export async function serviceAccountKey(): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return JSON.stringify({
    type: "service_account",
    client_email: SERVICE_ACCOUNT,
    private_key: await exportPKCS8(privateKey),
    token_uri: "https://oauth2.googleapis.com/token",
  });
}

export async function productionEnv(): Promise<Cloudflare.Env> {
  return {
    ...env,
    SHEETS_BACKEND: "google",
    GOOGLE_SERVICE_ACCOUNT_KEY: await serviceAccountKey(),
    ORGANIZER_TOKEN: PRODUCTION_TOKEN,
    LINK_SECRET: "prod-link-secret-9e8d7c6b5a4f3e2d1c0b9a8f7e6d",
    PUBLIC_URL: "https://zonecrew.example.org",
    ZC_NOW: undefined,
  };
}
