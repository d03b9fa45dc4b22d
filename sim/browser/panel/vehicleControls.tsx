/** The simulated car in the tester's hands: gear, brake, speed, charging, state of charge, position. */
import { GEAR_LETTERS } from '../../../vehicle-bus/common/vss/catalog.js';
import { useState } from 'react';
import type { ControlStatus } from '../../common/controlProtocol.js';
import type { Send } from './useControl.js';

function readout(status: ControlStatus): string {
  const speed = status.speedKmh === null ? '—' : `${status.speedKmh.toFixed(0)} km/h`;
  const soc = status.socPercent === null ? '—' : `${status.socPercent.toFixed(0)} %`;
  return `${speed} · ${soc} · ${status.driving} · ${status.preset ?? 'no policy (fully restricted)'}`;
}

export function VehicleControls({ status, send }: { readonly status: ControlStatus; readonly send: Send }) {
  const [speed, setSpeed] = useState(50);
  const [soc, setSoc] = useState(20);
  const [latitude, setLatitude] = useState('48.13743');
  const [longitude, setLongitude] = useState('11.57549');
  const held = status.held;
  const steerable = status.source.kind === 'simulator';
  return (
    <>
      <h2>Vehicle</h2>
      <p className="readout" data-testid="readout">
        {readout(status)}
      </p>
      <p className="position" data-testid="position">
        {status.latitude === null || status.longitude === null ? 'position unknown' : `${status.latitude.toFixed(5)}, ${status.longitude.toFixed(5)}`}
        {status.navigation ? ` · to ${status.navigation.destination}, ${(status.navigation.remainingMeters / 1000).toFixed(1)} km, arriving ${new Date(status.navigation.arrival).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ''}
      </p>
      <fieldset disabled={!steerable} className="steering">
        <div className="row">
          {GEAR_LETTERS.map((gear) => (
            <button key={gear} type="button" data-testid={`gear-${gear}`} className={held.gear === gear ? 'on' : ''} onClick={() => send({ t: 'hold', inputs: gear === 'P' ? { gear, speedKmh: 0 } : { gear } })}>
              {gear}
            </button>
          ))}
          <button type="button" data-testid="brake" className={held.parkingBrake ? 'on' : ''} onClick={() => send({ t: 'hold', inputs: { parkingBrake: !held.parkingBrake } })}>
            Parking brake
          </button>
        </div>
        <label className="row">
          Speed {speed} km/h
          <input type="range" min={0} max={130} value={speed} data-testid="speed" onChange={(event) => setSpeed(Number(event.target.value))} />
          <button type="button" data-testid="hold-speed" onClick={() => send({ t: 'hold', inputs: { speedKmh: speed } })}>
            Hold
          </button>
        </label>
        <label className="row">
          Battery {soc} %
          <input type="range" min={0} max={100} value={soc} data-testid="soc" onChange={(event) => setSoc(Number(event.target.value))} />
          <button type="button" data-testid="set-soc" onClick={() => send({ t: 'vehicle', socPercent: soc })}>
            Set
          </button>
        </label>
        <div className="row">
          <input className="coordinate" aria-label="latitude" data-testid="latitude" value={latitude} onChange={(event) => setLatitude(event.target.value)} />
          <input className="coordinate" aria-label="longitude" data-testid="longitude" value={longitude} onChange={(event) => setLongitude(event.target.value)} />
          <button type="button" data-testid="place" onClick={() => send({ t: 'vehicle', latitude: Number(latitude), longitude: Number(longitude) })}>
            Place the car here
          </button>
        </div>
        <label className="row">
          <input type="checkbox" data-testid="follow" checked={status.following ?? false} onChange={(event) => send({ t: 'follow', on: event.target.checked })} />
          The car drives the navigation route
        </label>
        <div className="row">
          <button type="button" data-testid="charge" onClick={() => send({ t: 'hold', inputs: { gear: 'P', speedKmh: 0, chargeKw: held.chargeKw ? 0 : 50 } })}>
            {held.chargeKw ? 'Unplug' : 'Plug in (50 kW)'}
          </button>
          <button type="button" data-testid="release" onClick={() => send({ t: 'hold', inputs: null })}>
            Release: the timeline drives
          </button>
        </div>
      </fieldset>
    </>
  );
}
