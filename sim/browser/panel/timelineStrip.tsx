/**
 * The last two minutes at a glance: the driving state as coloured bands, the speed as a line,
 * and the restriction flags in force now. Drawn from the status the panel receives four times a
 * second (the safety log below has the exact transitions and blocked actions).
 */
import { useEffect, useRef, useState } from 'react';
import type { ControlStatus } from '../../common/controlProtocol.js';

interface Sample {
  readonly at: number;
  readonly state: string;
  readonly speed: number | null;
}

const WINDOW_MS = 120_000;
const WIDTH = 1152;
const HEIGHT = 72;
const TOP_SPEED = 130;

/** The band's colour by driving state (the part before " · band"). */
function colourOf(state: string): string {
  const name = state.split(' ')[0];
  if (name === 'PARKED') return '#238636';
  if (name === 'STOPPED') return '#1f6feb';
  if (name === 'MOVING') return '#9e6a03';
  return '#da3633';
}

export function TimelineStrip({ status }: { readonly status: ControlStatus }) {
  const samples = useRef<Sample[]>([]);
  const session = useRef(status.session);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (session.current !== status.session) {
      session.current = status.session;
      samples.current = [];
    }
    const at = Date.now();
    samples.current.push({ at, state: status.driving, speed: status.speedKmh });
    while ((samples.current[0]?.at ?? at) < at - WINDOW_MS) samples.current.shift();
    setNow(at);
  }, [status]);
  const x = (at: number): number => WIDTH - ((now - at) / WINDOW_MS) * WIDTH;
  const list = samples.current;
  const bands = list.map((sample, index) => {
    const end = list[index + 1]?.at ?? now;
    return <rect key={sample.at} x={x(sample.at)} y={0} width={Math.max(0, x(end) - x(sample.at))} height={HEIGHT} fill={colourOf(sample.state)} opacity={0.35} />;
  });
  const line = list
    .filter((sample) => sample.speed !== null)
    .map((sample) => `${x(sample.at).toFixed(1)},${(HEIGHT - (Math.min(Math.abs(sample.speed ?? 0), TOP_SPEED) / TOP_SPEED) * HEIGHT).toFixed(1)}`)
    .join(' ');
  return (
    <>
      <svg className="strip" data-testid="strip" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label="driving state and speed over the last two minutes">
        {bands}
        <polyline points={line} fill="none" stroke="#e6edf3" strokeWidth={1.5} />
      </svg>
      <p className="flags" data-testid="flags">
        {status.flags.length === 0 ? 'No restrictions' : status.flags.map((flag) => <span key={flag}>{flag}</span>)}
      </p>
    </>
  );
}
