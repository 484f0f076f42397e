"""The shortlist (入围): organizers pick the finalists among the qualified, and the leadership group's decision
(领导小组决定) confirms the list.

- board.py: what the builder shows — the qualified with their likes, the picks, counts by district, trade,
  channel and recommending organization (of the picked and of all qualified), the current decision;
- picks.py: the shared draft list (`add`, `remove`), the lock that serialises every change, and whether the
  list is locked by a confirmed decision;
- decision.py: the decision's date, meeting, attendees and minutes (`save`, `open_minutes`);
- outcome.py: `confirm` (finalists → 入围, the other qualified → 未入围, stories published, everyone told) and
  `reopen` (an audited reopening with a reason that undoes exactly what the confirmation did).

Every change is allowed only in the review stage (campaigns/stages STAGE_WORK "shortlist"), audited, and
committed here.
"""
