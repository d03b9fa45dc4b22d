// @ts-check
// Voice intents go to the page on top (the platform opens the intent's page first).
App({
  onLaunch() {
    car.onVoiceIntent((intent) => {
      const pages = getCurrentPages();
      const page = pages[pages.length - 1];
      if (page && typeof page.onIntent === 'function') page.onIntent(intent);
    });
  },
});
