"""Endorsement (单位认可) of a self-nomination by the employer or association named on it, by QR code.

Builds on nominations (nominations/employer.py binds the organization and tells it on submission).
- decisions.py: the nominee's QR code, what the scanner sees, confirm or decline, the sealed letter;
- checks.py: organizers check endorsements signed by someone who is not a verified representative,
  and representatives follow their organization's requests.
"""
