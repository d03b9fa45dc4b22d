/**
 * The bundled apps' sample backends, each on its own local port: the simulator and the tests
 * start them and map the apps' production origins (in their app.json requestDomains) to them,
 * so the apps call the same URLs they would in the car.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { City } from './city.js';
import { loadCity } from './city.js';
import { chargingBackend } from './charging.js';
import type { Router } from './http.js';
import { orderingBackend } from './ordering.js';
import { routingBackend } from './routingService.js';

/** The production origins the bundled apps list; the backends stand in for them. */
export const BACKEND_ORIGINS = {
  charging: 'https://ocpi.charge.glovebox.example',
  ordering: 'https://api.order.glovebox.example',
  routing: 'https://api.route.glovebox.example',
} as const;

export type BackendName = keyof typeof BACKEND_ORIGINS;

export interface BackendOptions {
  /** Where sessions and orders are kept across restarts (memory without). */
  readonly stateDir?: string;
  readonly city?: City;
  readonly clock?: () => number;
  /** A charging session started (its power, kW) or stopped (0). */
  readonly onCharging?: (powerKw: number) => void;
}

export interface RunningBackends {
  /** Production origin → local origin, for the head unit's request mapping. */
  readonly origins: ReadonlyMap<string, string>;
  /** Local origin by backend. */
  readonly local: Readonly<Record<BackendName, string>>;
  close(): Promise<void>;
}

function listen(router: Router): Promise<{ server: Server; origin: string }> {
  const server = createServer(router.listener);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

export async function startBackends(options: BackendOptions = {}): Promise<RunningBackends> {
  const city = options.city ?? loadCity();
  if (options.stateDir) mkdirSync(options.stateDir, { recursive: true });
  const clock = options.clock ?? Date.now;
  const charging = chargingBackend({ city, clock, stateFile: options.stateDir ? join(options.stateDir, 'charging.sqlite') : undefined, onCharging: options.onCharging });
  const ordering = orderingBackend({ city, clock, stateFile: options.stateDir ? join(options.stateDir, 'ordering.sqlite') : undefined });
  const routers: Record<BackendName, Router> = { charging: charging.router, ordering: ordering.router, routing: routingBackend(city) };
  const started = await Promise.all((Object.keys(routers) as BackendName[]).map(async (name) => ({ name, ...(await listen(routers[name])) })));
  const local = Object.fromEntries(started.map((each) => [each.name, each.origin])) as Record<BackendName, string>;
  return {
    origins: new Map(started.map((each) => [BACKEND_ORIGINS[each.name], each.origin])),
    local,
    async close() {
      await Promise.all(
        started.map((each) => {
          each.server.closeAllConnections();
          return new Promise<void>((resolve) => each.server.close(() => resolve()));
        }),
      );
      charging.close();
      ordering.close();
    },
  };
}
