/**
 * The map engine's files, beside the system UI's own in the built renderer folder: what the UI
 * loads when a page first shows a map, and what the simulator's server serves (the kiosk serves
 * the whole folder). Made by scripts/build-renderer.mjs.
 */
export const MAP_FILES = { script: '/map.js', style: '/maplibre-gl.css', hostStyle: '/map.css', worker: '/maplibre-gl-csp-worker.js', city: '/city-map.json' } as const;
