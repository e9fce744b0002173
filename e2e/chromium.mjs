// Debian's Chromium for the browser tests, started as this machine needs it:
// without the sandbox (the tests may run as root) and without Chromium's own
// background connections, which a closed network refuses many at a time.
import { chromium } from "playwright-core";

const QUIET = ["--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// Starts Chromium (CHROMIUM, else /usr/bin/chromium) with `extra` arguments.
export function launch(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...QUIET, ...extra],
  });
}
