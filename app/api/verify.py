"""The page a certificate's QR code opens, `/verify/<serial>`: plain Chinese HTML for any phone browser."""
from flask import Blueprint, render_template_string

from app.services.awards import certificates
from app.services.errors import DomainError

bp = Blueprint("verify", __name__)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>证书查验 · 港城工匠</title>
<style>
body{margin:0;background:#f6f1e7;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#2a211c}
main{max-width:34em;margin:0 auto;padding:1.2em}
.card{background:#fffbf0;border:3px solid #a8181e;outline:1px solid #c49a48;outline-offset:-9px;padding:1.6em 1.3em}
h1{font-size:1.25em;color:#a8181e;text-align:center;margin:0 0 1em;letter-spacing:.2em}
.status{text-align:center;font-size:1.5em;font-weight:bold;padding:.4em;margin-bottom:1em;border-radius:4px}
.valid{color:#1d6b34;background:#e6f3e8}.revoked{color:#a8181e;background:#fbe7e6}
dl{display:grid;grid-template-columns:5em 1fr;gap:.55em .6em;margin:0}dt{color:#7a6a5e}dd{margin:0;word-break:break-all}
footer{text-align:center;color:#7a6a5e;font-size:.85em;margin-top:1.2em;line-height:1.6}
</style></head><body><main><div class="card">
{% if v %}
<h1>荣誉证书查验</h1>
{% if v.valid %}<div class="status valid">✓ 证书有效</div>
{% else %}<div class="status revoked">✗ 证书已撤销</div>{% endif %}
<dl>
<dt>称号</dt><dd>{{ v.year }}年度“{{ v.title }}”</dd>
<dt>姓名</dt><dd>{{ v.name }}</dd>
<dt>工作单位</dt><dd>{{ v.employer }}</dd>
<dt>颁发单位</dt><dd>{{ v.issuer }}</dd>
<dt>颁发日期</dt><dd>{{ v.issued_on }}</dd>
{% if not v.valid %}<dt>撤销日期</dt><dd>{{ v.revoked_on }}</dd><dt>撤销原因</dt><dd>{{ v.revoked_reason }}</dd>{% endif %}
<dt>证书编号</dt><dd>{{ v.serial }}</dd>
</dl>
{% else %}
<h1>荣誉证书查验</h1>
<div class="status revoked">未找到该证书</div>
<p>没有编号为“{{ serial }}”的证书。请核对证书上的编号，或重新扫描证书上的二维码。</p>
{% endif %}
</div><footer>连云港市总工会 · 寻找“身边的港城工匠”选树活动</footer></main></body></html>"""


@bp.route("/verify/<string(maxlength=60):serial>")
def verify(serial):
    try:
        found, status = certificates.verification(serial), 200
    except DomainError as exc:
        if exc.status != 404:
            raise
        found, status = None, 404
    return render_template_string(PAGE, v=found, serial=serial), status, {
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
