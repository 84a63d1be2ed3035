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

/** workerd's own build date (`workerd --version`), with the npm package's version. */
function workerdVersion(): string {
  const pkg = packageVersion("workerd");
  const bin = path.join(root, "node_modules", ".bin", "workerd");
  const out = spawnSync(bin, ["--version"], { encoding: "utf8" });
  const build = out.status === 0 ? out.stdout.trim() : "";
  return build ? `${pkg} (${build})` : pkg;
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
