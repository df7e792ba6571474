"""The production-like stack's promises (`make stack-test`), proved on a fresh stack.

Not part of the default run (pyproject's `norecursedirs`): `make stack-test` names this
folder. Every loop is bounded in count and time, and all traffic goes to 127.0.0.1.
"""
