/**
 * The Worker's own socket inside `wrangler dev`, behind its dev proxy.
 *
 * `wrangler dev` answers on its port through a ProxyWorker (there for live reload) that forwards
 * each request to the Worker on a second, private loopback port of the same workerd process. Under
 * 200 connections that proxy reuses kept-alive connections the runtime has already closed and
 * answers the POSTs it cannot retry with 503 "Your worker restarted mid-request" although the
 * Worker never restarted (cloudflare/workers-sdk#14641, retried since wrangler 4.13x; we pin
 * 4.86.0). Production has no such proxy, so the load bench also measures the Worker directly.
 *
 * Found from Linux's /proc: the process listening on the public port is the proxy's workerd; the
 * Worker runs in a sibling workerd (both children of wrangler's Node process); of their other
 * listening ports, the Worker's is the one whose /healthz answers like ours. Undefined elsewhere.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function listeningSockets(): Map<string, number> {
  const byInode = new Map<string, number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== "0A") continue; // LISTEN
      const port = parseInt(f[1]?.split(":")[1] ?? "", 16);
      if (f[9] && Number.isFinite(port)) byInode.set(f[9], port);
    }
  }
  return byInode;
}

function socketInodes(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m ? [m[1]!] : [];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

function parentOf(pid: string): string | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  } catch {
    return undefined;
  }
}

/** `http://127.0.0.1:<port>` of the Worker behind the dev proxy listening on `publicPort`. */
export async function directWorkerBase(publicPort: number): Promise<string | undefined> {
  const sockets = listeningSockets();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const owner = pids.find((pid) => socketInodes(pid).some((inode) => sockets.get(inode) === publicPort));
  if (!owner) return undefined;
  const wrangler = parentOf(owner);
  const family = pids.filter((pid) => pid === owner || (wrangler !== undefined && parentOf(pid) === wrangler));
  const ports = family
    .flatMap((pid) => socketInodes(pid).flatMap((i) => (sockets.has(i) ? [sockets.get(i)!] : [])))
    .filter((p, i, all) => p !== publicPort && all.indexOf(p) === i);
  for (const port of ports) {
    const base = `http://127.0.0.1:${port}`;
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { ok?: unknown; backend?: unknown };
      if (response.ok && body.ok === true && typeof body.backend === "string") return base;
    } catch {
      // the inspector or another internal socket
    }
  }
  return undefined;
}
