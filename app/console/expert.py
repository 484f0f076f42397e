"""The expert's landing page (scoring arrives with the panel issue)."""
from __future__ import annotations

from flask import render_template

from app.console.blueprint import bp
from app.console.session import requires
from app.services.campaigns import stages


@bp.get("/expert")
@requires("scoring.take_part")
def expert_home():
    campaign = stages.current_campaign()
    return render_template("console/expert_home.html", campaign=campaign,
                           scoring_open=stages.is_open(campaign, "scoring"))
