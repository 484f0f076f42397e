"""Demo data: the 2019 campaign with fictional people, so the system can be tried at any stage.

- demo.py: seed_demo(), idempotent, with the stage to show (the entry point of `flask seed-demo`);
- nominations.py: 64 nominations across all channels and places, with photos and certificates;
- people.py: the fictional craftsmen themselves (pure data).
"""
