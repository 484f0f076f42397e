"""The official-account bot: the /wechat/bot callback (callback.py, the only module that knows Flask
besides cli.py), WeChat's signatures and crypto (gateway.py), the pipeline (pipeline.py) and a registry
of declarative handlers (registry.py, commands.py, events.py).

Handlers call app.services, like every other adapter: no rule is written twice.
"""
