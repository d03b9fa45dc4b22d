// @ts-check
// The running session: power, energy, cost, time to 80 %, and what the car itself says
// (Charging.IsCharging); stop it, and it becomes a record in the history.
const api = require('../../utils/api.js');
const vehicle = require('../../utils/car.js');

const REFRESH_MS = 5000;
const TARGET_PERCENT = 80;

Page({
  data: {
    active: false,
    power: '',
    energy: '',
    cost: '',
    elapsed: '',
    toTarget: '',
    carSays: '',
    message: '',
    retry: false,
    summary: '',
    stopping: false,
  },

  onLoad() {
    this.soc = null;
    car.getVehicleProfile().then((profile) => {
      this.profile = profile;
    });
    // The first read and the first change may answer in either order: a value already heard as a
    // change is newer than the read, which must not put it back.
    /** @type {Set<string>} */
    const heard = new Set();
    car.getVehicleState({ signals: [vehicle.SOC, vehicle.CHARGING] }).then((state) => this.onCar(Object.fromEntries(Object.entries(state).filter(([path]) => !heard.has(path)))));
    car.onVehicleStateChange(
      (changes) => {
        for (const path of Object.keys(changes)) heard.add(path);
        this.onCar(changes);
      },
      { signals: [vehicle.SOC, vehicle.CHARGING] },
    );
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  },

  onUnload() {
    clearInterval(this.timer);
    car.offVehicleStateChange();
  },

  /** @param {Glovebox.VoiceIntent} voice */
  onIntent(voice) {
    if (voice.intent === 'stopCharging') this.stop();
  },

  /** @param {Glovebox.VehicleState} changes */
  onCar(changes) {
    if (typeof changes[vehicle.SOC] === 'number') this.soc = changes[vehicle.SOC];
    if (vehicle.CHARGING in changes) {
      const charging = changes[vehicle.CHARGING];
      this.setData({ carSays: charging === true ? 'The car is charging' : charging === false ? 'The car is not charging' : 'The car has not said' });
    }
  },

  refresh() {
    vehicle.activeSession().then((id) => {
      if (!id) return this.setData({ active: false, message: this.data.summary ? '' : 'No charging session is running.' });
      this.id = id;
      return api.session(id).then(
        (session) => this.show(session),
        (error) => this.setData({ message: error.message, retry: Boolean(error.retry) }),
      );
    });
  },

  retry() {
    this.setData({ message: '', retry: false });
    this.refresh();
  },

  /** @param {any} session */
  show(session) {
    const minutes = Math.max(0, (Date.now() - Date.parse(session.start_date_time)) / 60000);
    let toTarget = '';
    if (this.soc !== null && this.profile && session.power_kw > 0) {
      const left = ((TARGET_PERCENT - this.soc) / 100) * this.profile.usableBatteryKWh;
      toTarget = left <= 0 ? `Above ${TARGET_PERCENT} %` : `${Math.ceil((left / session.power_kw) * 60)} min to ${TARGET_PERCENT} %`;
    }
    this.setData({
      active: session.status === 'ACTIVE',
      power: `${session.power_kw} kW`,
      energy: `${session.kwh.toFixed(1)} kWh`,
      cost: `€${session.total_cost.incl_vat.toFixed(2)}`,
      hold: `${vehicle.HOLD_TEXT} held on your card until you stop`,
      elapsed: `${Math.floor(minutes)} min`,
      toTarget,
      message: '',
      retry: false,
    });
  },

  stop() {
    if (!this.id || this.data.stopping) return;
    this.setData({ stopping: true });
    api.stopSession(this.id).then(
      (ended) =>
        vehicle.rememberSession(null).then(() => {
          const cost = `€${ended.total_cost.incl_vat.toFixed(2)}`;
          this.setData({ active: false, stopping: false, summary: `Charged ${ended.kwh.toFixed(1)} kWh for ${cost}. The ${vehicle.HOLD_TEXT} hold on your card is released; you pay ${cost}.` });
        }),
      (error) => {
        // Ended elsewhere (at the charger): forget it here too.
        if (error.code === 'SESSION_ENDED') vehicle.rememberSession(null);
        this.setData({ stopping: false, message: error.message });
      },
    );
  },
});
