"""The console's blueprint, apart from the package so that every page module can import it without a circle."""
from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/static")
