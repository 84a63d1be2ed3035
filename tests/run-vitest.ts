/**
 * `npm run test:run`: the vitest projects in two processes at once. The sim files spend most of
 * their time waiting on their own `wrangler dev`, so running them beside the workerd and node
 * files instead of after them takes the suite from about 6 to about 5 minutes on a 2-core box.
 * The workers/node run streams; the sim run's output is printed whole when it ends, so the two
 * reporters never interleave. Extra arguments go to both (e.g. `-- --reporter=dot`).
 */
import { spawn } from "node:child_process";

const vitest = (projects: string[], capture: boolean) => {
  const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...process.argv.slice(2)];
  const child = spawn("npx", args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code: code ?? 1, output })),
  );
};

const sim = vitest(["sim"], true);
const rest = await vitest(["workers", "node"], false);
console.log("\n── sim project (whole days against wrangler dev) ──");
const simResult = await sim;
process.stdout.write(simResult.output);
process.exit(rest.code || simResult.code);
