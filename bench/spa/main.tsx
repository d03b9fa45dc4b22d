/**
 * The cold-start baseline: the fixture app's entry page written as an ordinary React SPA, as a
 * developer would without Glovebox, loaded into a fresh cross-site iframe.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const CONNECTORS = ['CCS', 'Type 2', 'CHAdeMO'];

function Page() {
  const [selected, setSelected] = useState('CCS');
  return (
    <div className="page">
      <div>No chargers nearby</div>
      <div className="filters">
        {CONNECTORS.map((connector) => (
          <span key={connector} className={`chip ${connector === selected ? 'on' : ''}`} onClick={() => setSelected(connector)}>
            {connector}
          </span>
        ))}
      </div>
      <div className="footer">0 stations · updated</div>
    </div>
  );
}

const root = document.getElementById('root') as HTMLElement;
createRoot(root).render(<Page />);
requestAnimationFrame(() => setTimeout(() => parent.postMessage('spa:first-render', '*'), 0));
