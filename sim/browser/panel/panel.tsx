/**
 * The tester's control panel: the head unit at its own resolution (scaled to fit) beside the
 * controls that steer the vehicle, its source and the policy, a strip of the last two minutes,
 * the safety log, and capture. The head unit is the real system UI in a frame; the panel talks
 * only to the simulator's /control socket.
 */
import { useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { CaptureControls } from './captureControls.js';
import { SourceControls } from './sourceControls.js';
import { TimelineStrip } from './timelineStrip.js';
import { useControl } from './useControl.js';
import { VehicleControls } from './vehicleControls.js';
import { VoiceBox } from './voiceBox.js';

function Panel() {
  const { status, send } = useControl();
  const headUnit = useRef<HTMLDivElement>(null);
  if (!status) return <p className="connecting">Connecting to the simulator…</p>;
  const steerable = status.source.kind === 'simulator';
  return (
    <div className="panel">
      <div className="left">
        <div className="head-unit" ref={headUnit}>
          {/* A new session (another vehicle source) is a restarted head unit: a fresh frame. */}
          <iframe key={status.session} title="head unit" src="/" width={1920} height={720} data-testid="head-unit" />
        </div>
        <TimelineStrip status={status} />
        <h2>Safety log</h2>
        <ol className="log" data-testid="log">
          {status.log.map((entry, index) => (
            <li key={`${entry.at}:${index}`} className={`log-${entry.kind}`}>
              <span className="log-at">{entry.at.toFixed(1)} s</span> {entry.text}
            </li>
          ))}
        </ol>
        <h2>App problems</h2>
        <ol className="log" data-testid="app-problems">
          {status.appProblems.length === 0 ? <li className="log-none">No app has reported a problem.</li> : null}
          {status.appProblems.map((problem, index) => (
            <li key={`${problem.at}:${index}`} className={`log-app-${problem.kind}`}>
              <b>{problem.appId}</b> {problem.kind}: {problem.message}
              {problem.where ? <code> ({problem.where})</code> : null}
            </li>
          ))}
        </ol>
      </div>
      <section className="controls" data-testid="controls">
        <p className="notice" data-testid="notice">
          {status.notice ?? ''}
        </p>
        <VehicleControls status={status} send={send} />
        <h2>Timeline</h2>
        <p className="readout" data-testid="timeline">
          {status.description}: {status.position.toFixed(0)} / {status.duration.toFixed(0)} s {status.playing ? '▶' : '⏸'}
        </p>
        <fieldset disabled={!steerable} className="steering">
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
          <ScenarioFile send={send} />
        </fieldset>
        <h2>Policy and display</h2>
        <div className="row">
          <select data-testid="preset" value={status.preset ?? ''} onChange={(event) => send({ t: 'preset', name: event.target.value })}>
            {status.presets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {(['driver', 'passenger'] as const).map((display) => (
            <button key={display} type="button" data-testid={`display-${display}`} className={status.display === display ? 'on' : ''} onClick={() => send({ t: 'display', display })}>
              {display === 'driver' ? "Driver's screen" : "Passenger's screen"}
            </button>
          ))}
        </div>
        <VoiceBox send={send} status={status} />
        <SourceControls status={status} send={send} />
        <CaptureControls area={() => headUnit.current} />
      </section>
    </div>
  );
}

/** A scenario or drive cycle from a file the tester wrote (JSON, YAML or CSV). */
function ScenarioFile({ send }: { readonly send: ReturnType<typeof useControl>['send'] }) {
  const path = useRef<HTMLInputElement>(null);
  return (
    <div className="row">
      <input className="wide" ref={path} data-testid="scenario-file" placeholder="/path/to/scenario.yaml" />
      <button type="button" data-testid="load-scenario" onClick={() => send({ t: 'scenario', name: path.current?.value ?? '' })}>
        Load
      </button>
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('panel.html has no #root');
createRoot(root).render(<Panel />);
