"""The mini-program opens in WeChat DevTools: valid JSON and four files for every page in app.json."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "miniprogram"


def test_project_files_are_valid_json():
    for name in ("app.json", "project.config.json", "sitemap.json"):
        json.loads((ROOT / name).read_text(encoding="utf-8"))
    assert json.loads((ROOT / "project.config.json").read_text())["compileType"] == "miniprogram"


def test_every_page_has_its_four_files():
    pages = json.loads((ROOT / "app.json").read_text(encoding="utf-8"))["pages"]
    assert pages
    for page in pages:
        for ext in ("js", "json", "wxml", "wxss"):
            assert (ROOT / f"{page}.{ext}").is_file(), f"{page}.{ext} missing"
