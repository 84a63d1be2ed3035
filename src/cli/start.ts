/**
 * `npm start`: the local default in one command.
 *
 * Creates .dev.vars (with a fresh random organizer token) on first run, applies the D1
 * migrations to the local database, runs `wrangler dev` on 127.0.0.1:8787, waits until the
 * Worker answers, makes sure the demo sheet is seeded, and prints what to open and what to curl.
 * Local state (D1, Durable Objects, the emulator's sheet) persists in .wrangler/state.
 *
 * `PORT=8788 npm start` serves on another port (and says so when 8787 is taken);
 * `ZC_NOW=2026-12-05T07:20:00+08:00 npm start` pins the Worker's clock to try the morning or the
 * evening at any hour (local default only; production refuses it).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { addDays, localDate, localTimeToEpoch } from "../domain/local-time.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
const pinnedNow = process.env.ZC_NOW;
// Offline (as here, and on many laptops behind the Great Firewall) wrangler's fetch of the
// Request.cf placeholder from workers.cloudflare.com prints two stack traces; nothing here uses it.
const wranglerEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false" };

/** Whether something already listens on the port: then say how to choose another, not a stack trace. */
function portTaken(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.once("listening", () => probe.close(() => resolve(false)));
    probe.listen(port, "127.0.0.1");
  });
}

async function explainTakenPort(): Promise<void> {
  // Another program may accept the connection and never answer: ask briefly.
  const ours = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })
    .then(async (r) => ((await r.json()) as { backend?: string }).backend !== undefined)
    .catch(() => false);
  console.error(
    [
      ours
        ? `端口 ${port} 上已经有一个 ZoneCrew 在运行（${base}）。ZoneCrew is already running on port ${port} (${base}).`
        : `端口 ${port} 已被别的程序占用。Port ${port} is taken by another program.`,
      `换一个端口 Choose another port:  PORT=${port + 1} npm start`,
    ].join("\n"),
  );
}

function ensureDevVars(): string {
  const file = path.join(root, ".dev.vars");
  if (!existsSync(file)) {
    copyFileSync(path.join(root, ".dev.vars.example"), file);
    const token = randomBytes(24).toString("base64url");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^ORGANIZER_TOKEN=.*$/m, `ORGANIZER_TOKEN=${token}`));
    console.log("已创建 .dev.vars（随机管理口令）。Created .dev.vars with a random organizer token.");
  }
  // wrangler.toml says "google" so that a deploy never serves the emulator; locally it is the default.
  if (!/^SHEETS_BACKEND=/m.test(readFileSync(file, "utf8"))) {
    writeFileSync(file, `${readFileSync(file, "utf8").trimEnd()}\nSHEETS_BACKEND=emulator\n`);
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
  const today = localDate(pinnedNow ? Date.parse(pinnedNow) : Date.now(), zone);
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
    ` 表格（模拟器）Sheet (emulator):  ${base}/emulator/   (sign in at the console first)`,
    ` 组织者控制台 Organizer console:  ${base}/console   (community demo + the token below)`,
    ` 健康检查 Health:                 ${base}/healthz`,
    ` 管理口令 Organizer token:      ${token}`,
    ...(pinnedNow ? [` 时钟固定在 Clock pinned at:       ${pinnedNow} (ZC_NOW)`] : []),
    "",
    " 试一试 Try:",
    `   curl -H "Authorization: Bearer ${token}" ${base}/api/demo`,
    `   curl -H "Authorization: Bearer ${token}" ${base}/api/demo/sheet`,
    `   curl -X POST -H "Authorization: Bearer ${token}" ${base}/emulator/reset   # the demo sheet afresh`,
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
  if (await portTaken()) {
    await explainTakenPort();
    process.exit(1);
  }
  const token = ensureDevVars();
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
    cwd: root,
    stdio: "inherit",
    env: { ...wranglerEnv, CI: "true" },
  });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);

  const pin = pinnedNow ? ["--var", `ZC_NOW:${pinnedNow}`] : [];
  const dev = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port), ...pin], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: wranglerEnv,
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
