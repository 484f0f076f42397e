"""Demo data: the 2019 campaign with fictional people, so the system can be tried at any stage.

- demo.py: seed_demo(), idempotent, with the stage to show (the entry point of `flask seed-demo`);
- nominations.py: 64 nominations across all channels and places, with photos and certificates, the
  self-nominations endorsed through the endorsement services;
- people.py: the fictional craftsmen themselves (pure data);
- review.py: the review and the shortlist, through their services, as far as the stage asks;
- articles.py: promotion articles, through the articles services.
"""
