import { useEffect, useState } from 'react';
import type { UiSettings } from '../../../services/common/uiSettings.js';
import { gearLetter, VSS } from '../../../vehicle-bus/common/vss/catalog.js';
import { formatDistance, formatSpeed } from '../settings.js';
import type { HeadUnitStore } from '../state/store.js';
import { useHeadUnit } from '../state/store.js';


function useSignal(store: HeadUnitStore, path: string) {
  return useHeadUnit(store, (state) => state.signals[path]);
}

/** The time of day, to the minute, in the unit's language. */
function Clock({ language }: { readonly language: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time className="clock" data-testid="clock" dateTime={now.toISOString()}>
      {now.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })}
    </time>
  );
}

/** Speed, gear, charge, range and what the driving state allows, always on screen. */
export function StatusBar({ store, settings }: { readonly store: HeadUnitStore; readonly settings: UiSettings }) {
  const speed = useSignal(store, VSS.speed);
  const gear = useSignal(store, VSS.selectedGear);
  const soc = useSignal(store, VSS.stateOfCharge);
  const range = useSignal(store, VSS.range);
  const driving = useHeadUnit(store, (state) => state.driving);
  const connected = useHeadUnit(store, (state) => state.connected);
  const shown = (signal: typeof speed, format: (value: number) => string) => (signal?.valid && typeof signal.value === 'number' ? format(signal.value) : '—');
  return (
    <header className="status-bar" data-testid="status-bar">
      {settings.theme.logo ? <img className="oem-logo" data-testid="oem-logo" src={settings.theme.logo} alt="" /> : null}
      <span className="speed" data-testid="speed">{shown(speed, (value) => formatSpeed(value, settings))}</span>
      <span className="gear" data-testid="gear">{gear?.valid && typeof gear.value === 'number' ? (gearLetter(gear.value) ?? String(gear.value)) : '—'}</span>
      <span className="soc" data-testid="soc">{shown(soc, (value) => `${Math.round(value)} %`)}</span>
      <span className="range" data-testid="range">{shown(range, (value) => formatDistance(value, settings))}</span>
      <Clock language={settings.locale.language} />
      <span className={`driving driving-${(driving?.state ?? 'UNKNOWN').toLowerCase()}`} data-testid="driving-state" title={driving?.reason}>
        {driving ? `${driving.state}${driving.band ? ` · ${driving.band}` : ''}` : 'UNKNOWN'}
      </span>
      {connected ? null : <span className="offline" data-testid="offline">services unreachable</span>}
    </header>
  );
}
