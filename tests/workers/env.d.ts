// Types of `env` inside the workers test pool: the Worker's bindings plus test-only ones.
import type { Bindings } from "../../src/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
      /** "yes" when `ZC_NOW=… npm run test:run` replays the suite at another instant. */
      TEST_CLOCK_REPLAY: string;
    }
  }
}
