/**
 * `npm run community:add -- --slug <slug> --name <name> --spreadsheet <id> [--tz Asia/Shanghai]
 *   [--publish 21:00 --chase 06:30 --digest 09:00] [--remote]`
 *
 * Adds a compound to this deployment's D1 (`--local` by default, `--remote` for production) with
 * a fresh organizer token. The token is printed once and stored only as its SHA-256 digest: keep
 * it, hand it to that compound's organizers, and run the command again (same slug) to replace it.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

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

const token = randomBytes(24).toString("base64url");
const hash = createHash("sha256").update(token).digest("hex");
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sql =
  "INSERT INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash, publish_time, chase_time, digest_time) " +
  `VALUES (${[slug, values.name!, values.spreadsheet!, values.tz!, new Date().toISOString(), hash, values.publish!, values.chase!, values.digest!].map(q).join(", ")}) ` +
  "ON CONFLICT (slug) DO UPDATE SET name = excluded.name, spreadsheet_id = excluded.spreadsheet_id, time_zone = excluded.time_zone, " +
  "token_hash = excluded.token_hash, publish_time = excluded.publish_time, chase_time = excluded.chase_time, digest_time = excluded.digest_time";

const result = spawnSync(
  path.join(root, "node_modules/.bin/wrangler"),
  ["d1", "execute", "DB", values.remote ? "--remote" : "--local", "--command", sql],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CI: "true" } },
);
if (result.status !== 0) fail("写入 D1 失败（见上）。", "Writing to D1 failed (see above).");
console.log(
  [
    `已添加小区 Added community "${slug}" (${values.name}), spreadsheet ${values.spreadsheet}, ${values.tz}.`,
    `组织者令牌（只显示这一次）Organizer token (shown once): ${token}`,
    `API: /api/${slug}   定时 jobs: publish ${values.publish}, chase ${values.chase}, digest ${values.digest} (${values.tz})`,
  ].join("\n"),
);
