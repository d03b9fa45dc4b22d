/** The system UI's entry: connect to services, keep the store current, draw the screen. */
import { createRoot } from 'react-dom/client';
import { AppSurface } from './apps/AppSurface.js';
import { Launcher } from './components/Launcher.js';
import { StatusBar } from './components/StatusBar.js';
import { ProtocolClient } from './protocolClient.js';
import type { HeadUnitStore } from './state/store.js';
import { createHeadUnitStore, useHeadUnit } from './state/store.js';

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

/** The runtime every app's worker starts with, fetched once. */
const runtimeSource = fetch('/logic-runtime.js').then((response) => response.text());

async function openApp(id: string): Promise<void> {
  // Cold start is measured from here (bench/coldstart.ts reads these marks).
  performance.clearMarks('gb:first-live-render');
  performance.mark('gb:tap', { detail: id });
  const [result, runtime] = await Promise.all([client.request('app:open', { id }), runtimeSource]);
  if (result.ok) {
    loadedRuntime = runtime;
    store.getState().setOpenApp(result.value);
  }
}
let loadedRuntime = '';

/** An app's API call, answered by services; a lost connection is a failure, never silence. */
async function callApi(appId: string, name: string, args: unknown): Promise<{ ok: boolean; value: unknown }> {
  const result = await client.request('app:call', { appId, name, args });
  return result.ok ? result.value : { ok: false, value: { errMsg: `${name.split('.')[1] ?? name}:fail ${result.error.message}` } };
}

function Screen({ store: headUnit }: { readonly store: HeadUnitStore }) {
  const app = useHeadUnit(headUnit, (state) => state.openApp);
  return (
    <div className="screen">
      <StatusBar store={headUnit} />
      {app ? <AppSurface app={app} runtimeSource={loadedRuntime} store={headUnit} callApi={callApi} onClose={() => headUnit.getState().setOpenApp(null)} /> : <Launcher store={headUnit} onOpen={(id) => void openApp(id)} />}
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<Screen store={store} />);
