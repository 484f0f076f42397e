"""Review (考察审核): organizers check every nomination that reached the review queue and decide on it.

What it decides:
- which nominations wait for review and how many are in each state (`queue.page`, `queue.state_counts`);
- a checklist per nomination that the system fills where it can, from the rules that already decide
  eligibility, quotas, duplicates and endorsements (`checklist.items`), and the reviewers confirm
  (`work.confirm_item`, `work.confirm_passing`);
- how a nomination was checked, as the notice names it: 实地了解, 相关部门书面认证, 技术比武, with files
  (`checks.add_check`, `checks.open_file`);
- the decision: qualified, returned for more within a deadline, or rejected (`decisions.qualify`,
  `decisions.return_for_more`, `decisions.reject`), audited and told through the outbox.

Every change takes the write lock of the nomination (the database write lock on SQLite, a row lock on
PostgreSQL) and raises the review's version; a decision posted from a page showing an older version is a
409 that names who changed it and when, so two reviewers never both decide the same nomination.
Review work is allowed only in the review stage (`campaigns.stages.require_stage_for(…, "review")`).
"""
