/**
 * `npm start`: the local default in one command.
 *
 * Creates .dev.vars (with a fresh random organizer token) on first run, applies the D1
 * migrations to the local database, runs `wrangler dev` on 127.0.0.1:8787, waits until the
 * Worker answers, makes sure the demo sheet is seeded, and prints what to open and what to curl.
 * Local state (D1, Durable Objects, the emulator's sheet) persists in .wrangler/state.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { addDays, localDate, localTimeToEpoch } from "../domain/local-time.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");

function ensureDevVars(): string {
  const file = path.join(root, ".dev.vars");
  if (!existsSync(file)) {
    copyFileSync(path.join(root, ".dev.vars.example"), file);
    const token = randomBytes(24).toString("base64url");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^ORGANIZER_TOKEN=.*$/m, `ORGANIZER_TOKEN=${token}`));
    console.log("已创建 .dev.vars（随机组织者令牌）。Created .dev.vars with a random organizer token.");
  }
  const token = /^ORGANIZER_TOKEN=(.*)$/m.exec(readFileSync(file, "utf8"))?.[1]?.trim();
  if (!token) throw new Error(".dev.vars has no ORGANIZER_TOKEN line");
  return token;
}

async function waitForHealth(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The cron tick fired at a given local time, so each job can be tried without waiting for it. */
function jobTriggers(): string[] {
  const zone = "Asia/Shanghai";
  const today = localDate(Date.now(), zone);
  const tomorrow = addDays(today, 1);
  const trigger = (date: string, time: string) =>
    `curl "${base}/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*&time=${localTimeToEpoch(date, time, zone)}"`;
  return [
    ` 定时任务 Scheduled jobs (the 15-minute tick at a chosen local time):`,
    `   发布明天 publish tomorrow (21:00): ${trigger(today, "21:00")}`,
    `   早上催办 morning chase  (06:30): ${trigger(tomorrow, "06:30")}`,
    `   日报     digest         (09:00): ${trigger(tomorrow, "09:00")}`,
  ];
}

function banner(token: string, summary: string): string {
  return [
    "",
    "──────────────────────────────────────────────────────────────────────",
    " ZoneCrew 本地运行中 · running locally (community: demo)",
    "──────────────────────────────────────────────────────────────────────",
    ` 表格（模拟器）Sheet (emulator):  ${base}/emulator/`,
    ` 组织者控制台 Organizer console:  ${base}/console   (community demo + the token below)`,
    ` 健康检查 Health:                 ${base}/healthz`,
    ` 组织者令牌 Organizer token:      ${token}`,
    "",
    " 试一试 Try:",
    `   curl -H "Authorization: Bearer ${token}" ${base}/api/demo`,
    `   curl -H "Authorization: Bearer ${token}" ${base}/api/demo/sheet`,
    `   npm run sheet:init -- --spreadsheet my-sheet   # a new, empty local sheet with every tab`,
    "",
    ...jobTriggers(),
    "",
    ` ${summary}`,
    " 按 Ctrl-C 停止 · Ctrl-C to stop. 数据保存在 .wrangler/state · state kept in .wrangler/state",
    "──────────────────────────────────────────────────────────────────────",
    "",
  ].join("\n");
}

async function main() {
  const token = ensureDevVars();
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CI: "true" },
  });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);

  const dev = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stop = () => dev.kill("SIGINT");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("exit", (code) => process.exit(code ?? 0));

  if (!(await waitForHealth(120_000))) {
    console.error("wrangler dev did not answer /healthz within 2 minutes; see its output above.");
    stop();
    return;
  }
  // The first read seeds the demo compound into the emulator (it persists from then on).
  const response = await fetch(`${base}/api/demo/sheet`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { tabs?: Record<string, { rows: number }>; error?: { message: string } };
  const summary = body.tabs
    ? `演示小区已就绪 Demo compound ready: ${Object.entries(body.tabs)
        .map(([tab, t]) => `${tab} ${t.rows}`)
        .join(", ")}`
    : `读取表格失败 Reading the sheet failed: ${body.error?.message ?? response.status}`;
  console.log(banner(token, summary));
}

await main();
