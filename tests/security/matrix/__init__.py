"""THE permission matrix: every URL rule of the app (API, console, verify pages, the bot callback, landing pages,
static files) against every role, with the status each one gets in the campaign of tests/security/world.py.

Read a row as: method, path (placeholders are ids of the world: {f} the finalist whose owner is `nominee`,
{g} another organization's finalist, {own_org}/{other_org}, {own_lead}/{other_lead}, {inbox} a message of the
nominee, {objection} someone else's objection to {f}, {f_file} F's ID photo, {f_cert} F's certificate (private),
{absent} an id nothing has),
then what each role gets. `roles(default, role=outcome…)` names the exceptions to a default.
An outcome is a status, or See(status, shows=…, hides=…): texts the answer must (not) contain.

The campaign is in the evaluation stage with the panel's round open, so acts of earlier stages answer their
stage's 409 once past the gate. The console answers a caller without a console session with a redirect to its
login (302); a disabled console account's session is gone (GET → 302 to the login, POST → 400: the form's
CSRF token died with the session). The API answers a disabled account's token 403 `account_disabled`
wherever it reads the caller (public reads do not); the caller is read before the body, so an anonymous
caller gets 401 whatever it sends (tested with bodies that do not validate).
Rows run in this order on one world: reads first, state-changing rows later, session-ending rows last.
Below the URL rules: the bot's text commands against the same roles (BOT_ROWS) and the WeChat emulator's
routes, which know callers by address, not role (EMULATOR_*). A rule, command or route without a row fails
tests/security/test_permission_matrix.py.

One table in four files: shapes.py (a row, an outcome, the usual role profiles), reads.py, changes.py
(state-changing and session-ending rows) and bot.py (the bot's commands and the emulator's routes).
"""
from tests.security.matrix.bot import BOT_ROWS, EMULATOR_INSPECTION, EMULATOR_WECHAT_API
from tests.security.matrix.changes import CHANGES
from tests.security.matrix.reads import READS
from tests.security.matrix.shapes import Row, See

# Reads first, state-changing rows after them, session-ending rows last (the walk runs them in this order).
ROWS: list[Row] = READS + CHANGES

__all__ = ["BOT_ROWS", "EMULATOR_INSPECTION", "EMULATOR_WECHAT_API", "ROWS", "Row", "See"]
