/**
 * The machine a figure was measured on, saved beside it: a requests-per-second number means
 * nothing without the CPU, the runtime and the versions that produced it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  wrangler: string;
  workerd: string;
  /** ISO time of the measurement. */
  date: string;
  /** 1-minute load average when the run started: other work on the box slows every figure. */
  loadAverage: number;
}

function packageVersion(name: string): string {
  try {
    const file = path.join(root, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) return `${pretty} (${os.platform()} ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux
  }
  return `${os.platform()} ${os.release()} ${os.arch()}`;
}

/**
 * The workerd that `wrangler dev` runs: wrangler's own copy (node_modules/wrangler/node_modules/
 * workerd) when it has one, which is not the top-level `workerd` package the vitest pool uses.
 */
function workerdVersion(): string {
  for (const dir of [
    path.join(root, "node_modules/wrangler/node_modules/workerd"),
    path.join(root, "node_modules/workerd"),
  ]) {
    let pkg: { version: string; bin?: Record<string, string> | string };
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as typeof pkg;
    } catch {
      continue;
    }
    const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.workerd;
    // The install step puts the native binary in place of the JS launcher; either runs this way.
    const file = bin ? path.join(dir, bin) : undefined;
    const out = file
      ? [
          spawnSync(file, ["--version"], { encoding: "utf8" }),
          spawnSync(process.execPath, [file, "--version"], { encoding: "utf8" }),
        ].find((r) => r.status === 0)
      : undefined;
    const build = out?.status === 0 ? out.stdout.trim() : "";
    return build ? `${pkg.version} (${build})` : pkg.version;
  }
  return "unknown";
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    wrangler: packageVersion("wrangler"),
    workerd: workerdVersion(),
    date: new Date().toISOString(),
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}
