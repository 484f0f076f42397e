"""The panel (评议组): experts score the finalists against the notice's four criteria, and the ranking follows.

- formation.py: members (console accounts with the expert role, their unit, kind and the chair) and assignments
  of finalists to members (all to all by default);
- rounds.py: opening and closing a scoring round (the main one, or a further round among finalists tied at a
  boundary), and reminding members who have not finished;
- scoring.py: an expert's sheets — four scores and a comment, or a declared conflict of interest (abstains);
  saved as drafts until submitted, nothing after the round closes;
- progress.py: who has scored whom, per member and per finalist;
- ranking.py: the figures, reproducible from the stored sheets — each expert's weighted total, the raw mean,
  the per-expert normalised (z-score) mean, the likes component — the order, the ties at the boundaries and
  `confirmed_order`;
- decisions.py: the recorded tie decisions (the chair's order with a reason, or a tie-break round) and the
  confirmation of the ranking;
- export.py: the ranking workbook (.xlsx).

Every change is audited and committed here.
"""
