"""The console's front-end libraries are served from our own origin, in the versions package.json pins."""
import json
import re
from pathlib import Path

CONSOLE = Path(__file__).resolve().parents[2] / "app" / "console"


def test_vendored_files_are_the_pinned_versions_with_their_licences():
    pinned = json.loads((CONSOLE / "package.json").read_text())["dependencies"]
    vendor = CONSOLE / "static" / "vendor"
    assert f"Chart.js v{pinned['chart.js']}" in (vendor / "chart.umd.min.js").read_text()[:200]
    assert f"Pico CSS ✨ v{pinned['@picocss/pico']}" in (vendor / "pico.min.css").read_text()[:200]
    htmx = (vendor / "htmx.min.js").read_text()
    assert re.search(r'version:"' + re.escape(pinned["htmx.org"]) + '"', htmx)
    lock = json.loads((CONSOLE / "package-lock.json").read_text())["packages"]
    for name, version in pinned.items():
        assert lock[f"node_modules/{name}"]["version"] == version
    assert {p.name for p in (vendor / "LICENSES").iterdir()} == {"chart.js.txt", "htmx.org.txt", "pico.txt"}


def test_pages_load_nothing_from_other_hosts(client, seeded):
    page = client.get("/console/login").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    for asset in re.findall(r'(?:src|href)="(/console/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset
    templates = "".join(p.read_text() for p in (CONSOLE / "templates").rglob("*.html"))
    assert "cdn" not in templates.lower() and "https://" not in templates
