// @ts-check
// The turns of the route, in order (cut to the policy's list length while driving).
const geo = require('../../utils/geo.js');

Page({
  data: { turns: /** @type {Array<{ text: string, at: string }>} */ ([]) },
  onLoad() {
    wx.getStorage({ key: 'turns' }).then(
      (stored) => {
        const steps = /** @type {Array<{ text: string, atMeters: number }>} */ (stored.data) || [];
        this.setData({ turns: steps.map((step) => ({ text: step.text, at: geo.distanceText(step.atMeters) })) });
      },
      () => this.setData({ turns: [] }),
    );
  },
});
