/** The Hono environment every sub-app shares: bindings plus the services built from them. */
import type { Community } from "./community.ts";
import type { Bindings, Services } from "./env.ts";

export interface AppEnv {
  Bindings: Bindings;
  Variables: { services: Services; community: Community };
}
