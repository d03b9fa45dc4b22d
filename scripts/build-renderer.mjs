// Bundles the system UI (renderer/browser) with esbuild into build/renderer/.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('build/renderer', { recursive: true });
await build({
  entryPoints: ['renderer/browser/main.tsx'],
  bundle: true,
  outfile: 'build/renderer/app.js',
  format: 'iife',
  target: 'chrome120',
  minify: process.env.GB_NO_MINIFY !== '1',
  sourcemap: 'linked',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
// The tester's control panel (the simulator's own page beside the head unit).
await build({ entryPoints: ['sim/browser/panel/panel.tsx'], bundle: true, outfile: 'build/renderer/panel.js', format: 'iife', target: 'chrome120', minify: true, jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning' });
copyFileSync('sim/browser/panel.html', 'build/renderer/panel.html');
copyFileSync('sim/browser/panel.css', 'build/renderer/panel.css');
// The logic container's own script, and the runtime every app worker starts with.
for (const [entry, outfile] of [
  ['miniapps/runtime/browser/container.ts', 'build/renderer/container.js'],
  ['miniapps/runtime/browser/worker.ts', 'build/renderer/logic-runtime.js'],
]) {
  await build({ entryPoints: [entry], bundle: true, outfile, format: 'iife', target: 'chrome120', minify: true, logLevel: 'warning' });
}
// The Electron window's preload: sandboxed preloads must be one CommonJS script.
await build({ entryPoints: ['electron/browser/preload.ts'], bundle: true, outfile: 'build/renderer/preload.cjs', format: 'cjs', platform: 'node', target: 'node22', external: ['electron'], logLevel: 'warning' });
copyFileSync('renderer/browser/index.html', 'build/renderer/index.html');
copyFileSync('renderer/browser/container.html', 'build/renderer/container.html');
copyFileSync('renderer/browser/app.css', 'build/renderer/app.css');
// The host's street map, loaded when a page first shows a <map>: MapLibre's CSP build (its worker
// a file of its own, as the UI's CSP allows no blob: workers), its CSS, and the city as map data,
// made now from the city model so nothing is fetched from a network at run time.
await build({ entryPoints: ['renderer/browser/map/mapEngine.ts'], bundle: true, outfile: 'build/renderer/map.js', format: 'iife', target: 'chrome120', minify: true, logLevel: 'warning' });
copyFileSync('node_modules/maplibre-gl/dist/maplibre-gl-csp-worker.js', 'build/renderer/maplibre-gl-csp-worker.js');
copyFileSync('node_modules/maplibre-gl/dist/maplibre-gl.css', 'build/renderer/maplibre-gl.css');
copyFileSync('renderer/browser/map/map.css', 'build/renderer/map.css');
const { loadCity } = await import('../build/miniapps/backends/node/city.js');
const { cityMapData } = await import('../build/miniapps/backends/node/cityMap.js');
writeFileSync('build/renderer/city-map.json', JSON.stringify(cityMapData(loadCity())));
