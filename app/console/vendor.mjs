// Copies the pinned libraries' built files (licence headers intact) and their licences into static/vendor.
import { copyFileSync, mkdirSync } from "node:fs";

const files = {
  "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
  "node_modules/htmx.org/LICENSE": "LICENSES/htmx.org.txt",
  "node_modules/@picocss/pico/css/pico.min.css": "pico.min.css",
  "node_modules/@picocss/pico/LICENSE.md": "LICENSES/pico.txt",
  "node_modules/chart.js/dist/chart.umd.min.js": "chart.umd.min.js",
  "node_modules/chart.js/LICENSE.md": "LICENSES/chart.js.txt",
};
mkdirSync("static/vendor/LICENSES", { recursive: true });
for (const [from, to] of Object.entries(files)) copyFileSync(from, `static/vendor/${to}`);
