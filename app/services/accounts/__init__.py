"""Accounts: who is logged in, and what they may do.

- auth.py: mini-program login through WeChat (code2session) and the app's signed bearer tokens;
- console_auth.py: console accounts of organizers and experts (passwords, TOTP, disabling);
- console_auth.py also holds console sessions (in Redis, so logout ends them on the server);
- login_throttle.py: console login tries counted before they are checked: locks per account and address
  and per address, a pause per account, failures since the last login;
- disabled.py: the Redis set of disabled accounts that the token-only paths (likes) check;
- permissions.py: the console's one table of who may do what.
"""
