/**
 * The newcomer's first minute: when the port `npm start` wants is taken, it says so in Chinese
 * and English and names the command that chooses another, instead of a wrangler stack trace.
 * (It checks the port before touching .dev.vars, D1 or wrangler, so this test starts none of them.)
 */
import { spawnSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

describe("npm start on a taken port", () => {
  it("exits 1 with a zh/en message and PORT=<next> npm start", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["src/cli/start.ts"], {
        cwd: root,
        env: { ...process.env, PORT: String(port) },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`端口 ${port} 已被别的程序占用`);
      expect(run.stderr).toContain(`Port ${port} is taken`);
      expect(run.stderr).toContain(`PORT=${port + 1} npm start`);
      expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    } finally {
      server.close();
    }
    // Starting tsx takes a second alone and several beside workerd and two simulated days.
  }, 40_000);
});
