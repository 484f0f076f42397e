"""Nominations (推荐申报) through the notice's three channels: self-nomination, unions, associations.

- submission.py: drafts, changes, submission and withdrawal (the entry point of every channel);
- rules.py: the form's fields, options, limits and messages (published to the mini-program);
- eligibility.py: who may be nominated and when a nomination is complete;
- duplicates.py: refusing a second nomination of the same person without telling what matched, limited a day;
- quotas.py: places of each union and association, taken under a lock;
- access.py: who may see, change and file a nomination, and what is public;
- windows.py: when a nomination may be changed and (re)submitted (drafts in the stage, a review return until its
  deadline, even after the stage closed): the one rule;
- corrections.py: organizers correct a submitted nomination's data, with a reason, audited before/after;
- employer.py: the organization named on a self-nomination, bound and told on submission;
- invitations.py: codes that bring a nominated worker to their nomination;
- leads.py: tips from the public (推荐线索) and how they are followed up;
- search.py: organizers browse nominations, private fields masked and reveals logged.
"""
