"""Figures across the domains for organizers.

- dashboard.py: nominations by status, channel and place, quota use, likes per day, the most liked.
"""
