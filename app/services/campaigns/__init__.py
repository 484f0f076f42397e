"""The yearly campaign: its stages, their dates and switches, and its settings.

- stages.py: the current campaign and stage, and whether an action is open now (every adapter asks it);
- calendar.py: when the current stage ends (for a countdown) and the day an action opens next;
- settings.py: organizers change dates, switches, like rules, quotas, selection and prizes (validated, audited);
- openings.py: each stage's opening announced once to the people it concerns (by date or by hand);
- creation.py: a new campaign with the notice's defaults (连工发〔2019〕33号).
"""
