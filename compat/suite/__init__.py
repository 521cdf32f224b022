"""The gramd compatibility suite's harness (standard library only).

- gramd.py      one gramd server process: configuration, accounts, start and stop
- user.py       a user on gramd's JSON client API (messages, uploads, downloads, groups)
- libraries.py  the bot libraries, how to start and stop their bots, and what they can do
- scenarios.py  one run of one library in one mode, scenario by scenario
"""
