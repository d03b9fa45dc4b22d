/**
 * Where the vehicle's frames come from: the simulated EV (steered here), or a candump log the
 * tester names with the DBC that decodes it (and optionally a mapping and a channel). A bad
 * choice is refused with the reason, and the head unit keeps running on what it had.
 */
import { useState } from 'react';
import type { ControlStatus } from '../../common/controlProtocol.js';
import type { Send } from './useControl.js';

export function SourceControls({ status, send }: { readonly status: ControlStatus; readonly send: Send }) {
  const current = status.source.kind === 'replay' ? status.source : undefined;
  const [log, setLog] = useState(current?.log ?? '');
  const [dbc, setDbc] = useState(current?.dbc ?? '');
  const [mapping, setMapping] = useState(current?.mapping ?? '');
  const [channel, setChannel] = useState(current?.channel ?? '');
  const field = (label: string, id: string, value: string, set: (value: string) => void, placeholder: string) => (
    <label className="path">
      {label}
      <input data-testid={id} value={value} placeholder={placeholder} onChange={(event) => set(event.target.value)} />
    </label>
  );
  return (
    <>
      <h2>Vehicle source</h2>
      <p className="readout" data-testid="source">
        {current ? `Replaying ${current.log}` : 'The simulated EV'}
      </p>
      {field('candump log', 'replay-log', log, setLog, '/path/to/drive.candump.log')}
      {field('DBC', 'replay-dbc', dbc, setDbc, '/path/to/car.dbc')}
      {field('Mapping (optional)', 'replay-mapping', mapping, setMapping, 'the one shipped for the DBC')}
      {field('Channel (optional)', 'replay-channel', channel, setChannel, 'every channel')}
      <div className="row">
        <button type="button" data-testid="replay" onClick={() => send({ t: 'source', source: { kind: 'replay', log, dbc, mapping, channel } })}>
          Replay the log
        </button>
        <button type="button" data-testid="simulate" disabled={!current} onClick={() => send({ t: 'source', source: { kind: 'simulator' } })}>
          Back to the simulated EV
        </button>
      </div>
    </>
  );
}
