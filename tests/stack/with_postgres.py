"""`make pytest-postgres`: run a command against a new throwaway PostgreSQL cluster.

    python -m tests.stack.with_postgres CMD...

DATABASE_URL points the command at the cluster, which is removed afterwards. The port is
STACK_POSTGRES_PORT's, as for the stack.
"""

import os
import subprocess
import sys

from deploy.stack.stack import ROOT, Stack, StackError, await_port, binary


def with_postgres(command):
    stack = Stack("postgres-for-tests")
    if stack.alive("postgres"):
        raise StackError(f"A test PostgreSQL is already running in {stack.dir}.")
    await_port("postgres")
    binary("postgresql")
    stack.remove()
    try:
        stack.start_postgres(throwaway=True)
        env = os.environ | {"DATABASE_URL": stack.database_url()}
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        stack.stop()
        stack.remove()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        sys.exit(with_postgres(sys.argv[1:]))
    except StackError as problem:
        sys.exit(f"with_postgres: {problem}")
