"""Accounts: who is logged in, and what they may do.

- auth.py: mini-program login through WeChat (code2session) and the app's signed bearer tokens;
- console_auth.py: console accounts of organizers and experts (passwords, TOTP, disabling);
- login_throttle.py: failed console logins counted per account and per address;
- permissions.py: the console's one table of who may do what.
"""
