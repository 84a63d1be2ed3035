/**
 * `npm run community:add -- --slug <slug> --name <name> --spreadsheet <id> [--tz Asia/Shanghai]
 *   [--publish 21:00 --chase 06:30 --digest 09:00] [--account <email> | --accounts <a,b,…>] [--remote]`
 *
 * Adds a compound to this deployment's D1 (`--local` by default, `--remote` for production) with
 * a fresh organizer token. The token is printed once and stored only as its SHA-256 digest: keep
 * it, hand it to that compound's organizers, and run the command again (same slug) to replace it.
 *
 * With a key pool (GOOGLE_SERVICE_ACCOUNT_KEYS), each compound is bound to one service account:
 * `--account` names it, or `--accounts` (or ZONECREW_SERVICE_ACCOUNTS, comma-separated: the
 * pool's emails, which are not secret) lets the command pick the one with the fewest compounds
 * in D1. It prints the email the organizers must share their sheet with.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { leastLoaded } from "../sheets/key-pool.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const { values } = parseArgs({
  options: {
    slug: { type: "string" },
    name: { type: "string" },
    spreadsheet: { type: "string" },
    tz: { type: "string", default: "Asia/Shanghai" },
    publish: { type: "string", default: "21:00" },
    chase: { type: "string", default: "06:30" },
    digest: { type: "string", default: "09:00" },
    remote: { type: "boolean", default: false },
    account: { type: "string" },
    accounts: { type: "string", default: process.env.ZONECREW_SERVICE_ACCOUNTS ?? "" },
  },
});

function fail(zh: string, en: string): never {
  console.error(`${zh}\n${en}`);
  process.exit(2);
}

const slug = values.slug ?? "";
if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(slug))
  fail("--slug 只能用小写字母、数字和 -。", "--slug takes lower-case letters, digits and -.");
if (!values.name || !values.spreadsheet)
  fail("需要 --name 和 --spreadsheet。", "--name and --spreadsheet are required.");
for (const t of [values.publish, values.chase, values.digest]) {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t!)) fail(`时间 ${t} 应为 HH:MM。`, `Time ${t} must be HH:MM.`);
}
try {
  new Intl.DateTimeFormat("en", { timeZone: values.tz });
} catch {
  fail(`未知时区 ${values.tz}。`, `Unknown time zone ${values.tz}.`);
}

/** Communities per service account in this deployment's D1. */
function accountLoads(): Map<string, number> {
  const out = spawnSync(
    path.join(root, "node_modules/.bin/wrangler"),
    [
      "d1",
      "execute",
      "DB",
      values.remote ? "--remote" : "--local",
      "--json",
      "--command",
      "SELECT service_account AS account, count(*) AS n FROM communities GROUP BY service_account",
    ],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, CI: "true" } },
  );
  if (out.status !== 0) fail("读取 D1 失败（见上）。", "Reading D1 failed (see above).");
  const rows =
    (JSON.parse(out.stdout) as Array<{ results: Array<{ account: string | null; n: number }> }>)[0]?.results ?? [];
  return new Map(rows.filter((r) => r.account).map((r) => [r.account!, r.n]));
}

const pool = values
  .accounts!.split(",")
  .map((a) => a.trim())
  .filter(Boolean);
const account = values.account ?? (pool.length > 0 ? leastLoaded(pool, accountLoads()) : undefined);
if (account !== undefined && !/^[^@\s]+@[^@\s]+$/.test(account))
  fail(`--account ${account} 不是邮箱。`, `--account ${account} is not an email.`);

const token = randomBytes(24).toString("base64url");
const hash = createHash("sha256").update(token).digest("hex");
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sql =
  "INSERT INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash, publish_time, chase_time, digest_time, service_account) " +
  `VALUES (${[slug, values.name!, values.spreadsheet!, values.tz!, new Date().toISOString(), hash, values.publish!, values.chase!, values.digest!].map(q).join(", ")}, ${account ? q(account) : "NULL"}) ` +
  "ON CONFLICT (slug) DO UPDATE SET name = excluded.name, spreadsheet_id = excluded.spreadsheet_id, time_zone = excluded.time_zone, " +
  "token_hash = excluded.token_hash, publish_time = excluded.publish_time, chase_time = excluded.chase_time, digest_time = excluded.digest_time, " +
  "service_account = coalesce(excluded.service_account, communities.service_account)";

const result = spawnSync(
  path.join(root, "node_modules/.bin/wrangler"),
  ["d1", "execute", "DB", values.remote ? "--remote" : "--local", "--command", sql],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CI: "true" } },
);
if (result.status !== 0) fail("写入 D1 失败（见上）。", "Writing to D1 failed (see above).");
console.log(
  [
    `已添加小区 Added community "${slug}" (${values.name}), spreadsheet ${values.spreadsheet}, ${values.tz}.`,
    `管理口令（只显示这一次）Organizer token (shown once): ${token}`,
    `API: /api/${slug}   定时 jobs: publish ${values.publish}, chase ${values.chase}, digest ${values.digest} (${values.tz})`,
    account
      ? `请把表格共享给（可以编辑）Share the sheet (can edit) with: ${account}`
      : "请把表格共享给服务账号（可以编辑）Share the sheet (can edit) with the service account (GOOGLE_SERVICE_ACCOUNT_KEY's client_email).",
  ].join("\n"),
);
