"""The domain: every rule and decision, over a database session and Redis, free of Flask requests.

One package per stage or actor of the campaign; each package's docstring says what it decides and
which modules are its entry points. Only what every domain shares stays here:

- errors.py: DomainError, the one error services raise (adapters turn it into JSON, a page or a reply);
- audit.py: the append-only audit log, written in the caller's transaction;
- content_check.py: the check every user-written public text passes;
- tokens.py: single-use codes stored as hashes (invitations, endorsement and representative QR codes);
- qr_images.py: pictures with a code to scan and Chinese text under it;
- jobs.py: background work asked for by name (app/tasks installs the runner).

Dependencies point one way (checked by import-linter, .importlinter): adapters → services → models,
and the domain packages import each other without circles; roughly, from the bottom:
campaigns, accounts, notifications → likes, nominations → materials, organizations, exports →
endorsement, nominees, reports, seed.
"""
