"""Broadcast notices (群发通知): organizers write a notice, pick an audience, preview it, send or schedule it.

- audiences.py: who an audience is (all users, nominees in a state, finalists, winners, organization
  representatives of a kind, experts, or the official account's followers / a tag by mass send), checked
  and counted before anything is sent.
- composing.py: drafts, the preview to the organizer's own inbox, send now, schedule, cancel (audited).
- fanout.py: the worker's fan-out in batches that resume where a killed worker stopped; one notification
  row per broadcast, recipient and channel (a unique key), delivered by the outbox; the scheduled check.
- mass.py: the official account's mass send (`message/mass/sendall` with `filter.tag_id` and
  `clientmsgid`), its rules and WeChat's answers.
- progress.py: delivery counts per channel as it goes, and the final report (sent, skipped by reason,
  failed by code).
- public.py: the notices the mini-program shows to everyone (public fields only).
"""
