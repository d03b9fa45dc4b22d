/**
 * The tester's control panel: the head unit at its own resolution (scaled to fit) beside the
 * controls that steer the simulated vehicle and the policy. The head unit is the real system
 * UI in a frame; the panel talks only to the simulator's /control socket.
 */
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ControlCommand, ControlStatus } from '../common/controlProtocol.js';

function useControl(): { readonly status: ControlStatus | null; readonly send: (command: ControlCommand) => void } {
  const socket = useRef<WebSocket | null>(null);
  const [status, setStatus] = useState<ControlStatus | null>(null);
  useEffect(() => {
    let closed = false;
    const connect = (): void => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/control`);
      socket.current = ws;
      ws.addEventListener('message', (event: MessageEvent<string>) => setStatus(JSON.parse(event.data) as ControlStatus));
      ws.addEventListener('close', () => {
        if (!closed) setTimeout(connect, 1000);
      });
    };
    connect();
    return () => {
      closed = true;
      socket.current?.close();
    };
  }, []);
  return { status, send: (command) => socket.current?.send(JSON.stringify(command)) };
}

function Panel() {
  const { status, send } = useControl();
  const [speed, setSpeed] = useState(50);
  if (!status) return <p className="connecting">Connecting to the simulator…</p>;
  const held = status.held;
  return (
    <div className="panel">
      <div className="head-unit">
        <iframe title="head unit" src="/" width={1920} height={720} data-testid="head-unit" />
      </div>
      <section className="controls" data-testid="controls">
        <h2>Vehicle</h2>
        <p className="readout" data-testid="readout">
          {status.speedKmh === null ? '—' : `${status.speedKmh.toFixed(0)} km/h`} · {status.driving} · {status.preset ?? 'no policy (fully restricted)'}
        </p>
        <div className="row">
          {(['P', 'R', 'N', 'D'] as const).map((gear) => (
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
        <div className="row">
          <button type="button" data-testid="charge" onClick={() => send({ t: 'hold', inputs: { gear: 'P', speedKmh: 0, chargeKw: held.chargeKw ? 0 : 50 } })}>
            {held.chargeKw ? 'Unplug' : 'Plug in (50 kW)'}
          </button>
          <button type="button" data-testid="release" onClick={() => send({ t: 'hold', inputs: null })}>
            Release: the timeline drives
          </button>
        </div>
        <h2>Timeline</h2>
        <p className="readout" data-testid="timeline">
          {status.description}: {status.position.toFixed(0)} / {status.duration.toFixed(0)} s {status.playing ? '▶' : '⏸'}
        </p>
        <div className="row">
          <button type="button" data-testid="play" onClick={() => send({ t: status.playing ? 'pause' : 'play' })}>
            {status.playing ? 'Pause' : 'Play'}
          </button>
          <input type="range" min={0} max={Math.ceil(status.duration)} value={Math.floor(status.position)} data-testid="seek" onChange={(event) => send({ t: 'seek', seconds: Number(event.target.value) })} />
          <select data-testid="scenario" value="" onChange={(event) => send({ t: 'scenario', name: event.target.value })}>
            <option value="" disabled>
              Scenario…
            </option>
            {status.scenarios.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <h2>Policy</h2>
        <div className="row">
          <select data-testid="preset" value={status.preset ?? ''} onChange={(event) => send({ t: 'preset', name: event.target.value })}>
            {status.presets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="row">
          {(['driver', 'passenger'] as const).map((display) => (
            <button key={display} type="button" data-testid={`display-${display}`} className={status.display === display ? 'on' : ''} onClick={() => send({ t: 'display', display })}>
              {display === 'driver' ? "Driver's screen" : "Passenger's screen"}
            </button>
          ))}
        </div>
        <p className="notice" data-testid="notice">
          {status.notice ?? ''}
        </p>
        <h2>Safety log</h2>
        <ol className="log" data-testid="log">
          {status.log.map((entry, index) => (
            <li key={`${entry.at}:${index}`} className={`log-${entry.kind}`}>
              <span className="log-at">{entry.at.toFixed(1)} s</span> {entry.text}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('panel.html has no #root');
createRoot(root).render(<Panel />);
