"""Followers of the official account (公众号) and what the bot may send them.

The official-account channels of the outbox are in services/notifications/official_account.py;
the QR scenes the account hands out are in services/qr_scenes.py.

- records.py: subscribe / unsubscribe / every interaction recorded; the follower's person (the
  mini-program user with the same unionid, so one person has one like quota in both places);
- messages.py: customer-service messages (the 48-hour window), the menu and parametric QR codes.
"""
