"""The links inside standard QR codes (`/mp/endorse?token=…`, `/mp/representative?token=…`,
`/mp/nominee?id=…` on share posters). WeChat opens
the mini-program page for them (the prefix is registered under 扫普通链接二维码打开小程序); another
scanner lands here and is told to use WeChat."""
from flask import Blueprint, render_template_string

bp = Blueprint("links", __name__)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title></head>
<body style="font-family: sans-serif; padding: 2em; line-height: 1.6">
<h1 style="font-size: 1.3em">{{ title }}</h1><p>{{ text }}</p></body></html>"""

TEXTS = {
    "endorse": ("港城工匠 · 单位认可", "请使用微信“扫一扫”扫描职工出示的二维码，在“港城工匠”小程序中确认是否认可其自荐申报。"),
    "representative": ("港城工匠 · 单位代表", "请使用微信“扫一扫”扫描市总工会提供的二维码，在“港城工匠”小程序中成为单位代表。"),
    "nominee": ("港城工匠 · 候选人", "请使用微信“扫一扫”扫描海报上的二维码，在“港城工匠”小程序中查看工匠事迹并为其点赞。"),
}


@bp.route("/mp/<any(endorse, representative, nominee):page>")
def landing(page):
    title, text = TEXTS[page]
    response = render_template_string(PAGE, title=title, text=text)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
