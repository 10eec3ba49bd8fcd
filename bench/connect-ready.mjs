// When the connect form is interactive, as scripts/bench measures it (bench/browser.mjs) and
// bench/connect-anatomy.mjs compares it: the time from navigation start at which the tenant
// field exists, is enabled and has focusable layout.

/** Watches every page of `ctx` from its first byte; `readyAt(page)` then waits for the time. */
export async function watchConnectForm(ctx) {
  await ctx.addInitScript(() => {
    const check = () => {
      const el = document.getElementById('tenant');
      if (el && !el.disabled && el.getClientRects().length > 0) { window.__ready = performance.now(); return true; }
      return false;
    };
    new MutationObserver((_, obs) => { if (check()) obs.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  });
}

/** The time (ms from navigation start) the form became interactive on `page`. */
export async function readyAt(page) {
  await page.waitForFunction(() => window.__ready !== undefined);
  return page.evaluate(() => window.__ready);
}
