"""What the home page shows of the current campaign at a glance: countdowns and totals.

A domain on top of the others (it reads campaigns, likes, nominations and results; none reads it):
- countdowns.py: the moments to count down to now (the current stage's end, the public notice's end);
- totals.py: how many nominees, likes and participants the campaign has (counts only, no one's data).
"""
