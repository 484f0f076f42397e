"""The city's unions, units and associations, and the people who represent them.

- admin.py: organizations as organizers manage them: kinds, quotas and their use;
- representatives.py: invitation QR codes for representatives, accepting them, revoking them.
"""
