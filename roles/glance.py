"""The home page's roles at a glance: each level's roles, a few of them on a large guide.

The real content shows every role (a handful a level). A guide many times its size would
put a thousand roles on the home page, a list no one reads at a glance and the slowest
page to render after an edit; past PER_LEVEL a level says how many more it has and sends
the reader to the directory, which pages them.
"""

from dataclasses import dataclass
from itertools import groupby

PER_LEVEL = 12


@dataclass(frozen=True)
class Level:
    label: str
    roles: list  # the first PER_LEVEL of the level's roles, in directory order
    more: int  # how many of the level's roles are not shown


def at_a_glance(roles):
    """[Level] for `roles`, which come in level order (`Role.objects.by_level()`)."""
    levels = []
    for label, group in groupby(roles, key=lambda role: role.level_label):
        group = list(group)
        levels.append(Level(label, group[:PER_LEVEL], max(0, len(group) - PER_LEVEL)))
    return levels
