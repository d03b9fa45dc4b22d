/** MapLibre's CSP build is the same API as the package's main file, without the inlined worker. */
declare module 'maplibre-gl/dist/maplibre-gl-csp.js' {
  import * as maplibregl from 'maplibre-gl';
  export default maplibregl;
}
