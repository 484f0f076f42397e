"""Results (评选结果) and the public notice (评议公告 / 公示) with its objections (异议).

- workdays.py: the notice window's end, counted in working days (weekends skipped);
- confirmation.py: `proposed_order` (the seam the panel's ranking replaces), `confirm_results` (top winners,
  winners, not selected; one result entry per finalist with its rank and group);
- notice.py: `publish` (the window starts), `window`, `public_results` (public fields only, with changes 递补);
- objections.py: `create`, `attach_evidence`, `mine` (the objector's own), the organizers' queue;
- handling.py: investigation notes and findings, the answer (不予支持 / 予以支持; upheld disqualifies);
- vacancies.py: `promote` — the next in the ranking moves up (递补) by a recorded decision.

Confirming and 递补 are allowed in the evaluation stage (campaigns/stages STAGE_WORK "results"); every change by a
person is audited, the people concerned are told through the outbox, and each function commits.
"""
