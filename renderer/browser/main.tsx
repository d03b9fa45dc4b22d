/** The system UI's entry: connect to services, keep the store current, draw the screen. */
import { createRoot } from 'react-dom/client';
import { Launcher } from './components/Launcher.js';
import { StatusBar } from './components/StatusBar.js';
import { ProtocolClient } from './protocolClient.js';
import { createHeadUnitStore } from './state/store.js';

const store = createHeadUnitStore();
const client = new ProtocolClient(`${location.origin.replace(/^http/, 'ws')}/protocol`, (connected) => {
  store.getState().setConnected(connected);
  if (connected) {
    void client.request('app:list', {}).then((result) => {
      if (result.ok) store.getState().setApps(result.value);
    });
  }
});
client.on('vehicle:changes', (changes) => store.getState().applySignals(changes));
client.on('safety:driving', (driving) => store.getState().setDriving(driving));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <div className="screen">
    <StatusBar store={store} />
    <Launcher store={store} />
  </div>,
);
