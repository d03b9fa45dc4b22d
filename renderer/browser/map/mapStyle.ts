/**
 * The map's two palettes. Night is dark and low in glare (no white land at night); day is light.
 * Labels keep a halo of the land colour so they read over any street.
 */

export interface MapPalette {
  readonly land: string;
  readonly park: string;
  readonly street: string;
  readonly primary: string;
  readonly casing: string;
  readonly label: string;
  readonly landmark: string;
  readonly landmarkLabel: string;
  readonly halo: string;
  readonly charger: string;
  readonly routeCasing: string;
}

const NIGHT: MapPalette = {
  land: '#10161d',
  park: '#1b3a26',
  street: '#2f3b48',
  primary: '#4a5a6b',
  casing: '#0a0e13',
  label: '#d5dde6',
  landmark: '#8fa3b8',
  landmarkLabel: '#e6edf3',
  halo: '#10161d',
  charger: '#3fb950',
  routeCasing: '#0a0e13',
};

const DAY: MapPalette = {
  land: '#eef1f4',
  park: '#cfe8d4',
  street: '#ffffff',
  primary: '#fde8a8',
  casing: '#b8c2cc',
  label: '#1f2933',
  landmark: '#56677a',
  landmarkLabel: '#1f2933',
  halo: '#ffffff',
  charger: '#1a7f37',
  routeCasing: '#ffffff',
};

export function mapPalette(theme: 'day' | 'night'): MapPalette {
  return theme === 'night' ? NIGHT : DAY;
}
