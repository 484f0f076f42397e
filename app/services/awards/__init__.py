"""Awards (表彰奖励): each winner's title, medal check, certificate, plaque and prize with their states;
verifiable e-certificates; and the honour roll that next year's eligibility check reads.

`records` records the awards and moves their items, `certificates` issues, verifies and revokes the
certificates (`certificate_image` draws them), `honour_roll` lists and imports the roll, `finance` builds
the award list for finance.
"""
