// @ts-check
// Finished sessions (the network's charge detail records), newest first.
const api = require('../../utils/api.js');
const vehicle = require('../../utils/car.js');

Page({
  data: { records: /** @type {any[]} */ ([]), message: '', retry: false, loading: true, empty: false },
  onLoad() {
    this.load();
  },

  retry() {
    this.load();
  },

  load() {
    this.setData({ loading: true, message: '', retry: false });
    vehicle
      .token()
      .then((token) => api.history(token))
      .then(
        (records) =>
          this.setData({
            records: records.map((/** @type {any} */ record) => ({
              id: record.id,
              when: record.start_date_time.slice(0, 16).replace('T', ' '),
              energy: `${record.kwh.toFixed(1)} kWh`,
              cost: `€${record.total_cost.incl_vat.toFixed(2)}`,
              where: record.location_id,
            })),
            empty: records.length === 0,
            loading: false,
          }),
        // Never "no sessions" when the network did not answer: the reason, and a Retry.
        (error) => this.setData({ loading: false, message: `${error.message} Your past sessions cannot be shown.`, retry: Boolean(error.retry) }),
      );
  },
});
