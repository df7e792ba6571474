"""The cache every gunicorn worker of one machine reads the published content version from
(careerguide/page_cache/machine_cache.py), used by several processes at once, as the
workers use it."""

import multiprocessing
import time

import pytest

from careerguide.page_cache.machine_cache import MachineCache

KEY = "content-version:test"


@pytest.fixture
def location(tmp_path):
    return str(tmp_path / "cache")


@pytest.fixture
def processes():
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        yield pool


def cache_at(location):
    return MachineCache(location, {})


def read(location):
    return cache_at(location).get(KEY)


def publish(location, number):
    cache_at(location).set(KEY, number)


def add_at(location, number, moment):
    """Add `number` at `moment` (as every other process does); whether it was added, and
    what this process then reads."""
    cache = cache_at(location)
    time.sleep(max(0, moment - time.time()))
    added = cache.add(KEY, number)
    return added, cache.get(KEY)


def rewrite(location, times, size):
    cache = cache_at(location)
    for number in range(times):
        cache.set(KEY, bytes([number % 256]) * size)


def test_a_number_one_worker_publishes_is_read_by_the_others(location, processes):
    assert processes.map(read, [location] * 4) == [None] * 4

    publish(location, 41)
    assert processes.map(read, [location] * 4) == [41] * 4

    processes.apply(publish, (location, 42))
    assert read(location) == 42
    assert processes.map(read, [location] * 4) == [42] * 4


def test_of_workers_adopting_a_number_at_once_one_wins_and_all_read_its_number(location, processes):
    for round_ in range(5):
        cache_at(location).delete(KEY)
        moment = time.time() + 0.3  # after every process has started
        numbers = [100 * round_ + worker for worker in range(8)]
        answers = processes.starmap(add_at, [(location, n, moment) for n in numbers])

        winners = [number for number, (added, _) in zip(numbers, answers, strict=True) if added]
        assert len(winners) == 1, answers
        assert {seen for _, seen in answers} == set(winners)


def test_adopting_never_replaces_a_published_number_but_replaces_an_expired_one(location):
    cache = cache_at(location)
    cache.set(KEY, 7, timeout=60)
    assert cache.add(KEY, 3) is False
    assert cache.get(KEY) == 7

    cache.set(KEY, 8, timeout=0)  # expired at once, as Django's caches take 0
    assert cache.get(KEY, "expired") == "expired"
    assert cache.has_key(KEY) is False
    assert cache.add(KEY, 9) is True
    assert cache.get(KEY) == 9


def test_a_worker_reading_while_another_writes_reads_a_whole_value(location, processes):
    size, times = 200_000, 200
    publish(location, bytes(size))
    writing = processes.apply_async(rewrite, (location, times, size))
    reads = 0
    deadline = time.monotonic() + 30
    while not writing.ready() and time.monotonic() < deadline:
        value = read(location)
        assert len(value) == size and value == value[:1] * size
        reads += 1
    writing.get(timeout=30)
    assert reads > 0
    assert read(location) == bytes([(times - 1) % 256]) * size


def test_expiry_touch_delete_and_clear_behave_as_in_djangos_caches(location):
    cache = cache_at(location)
    assert cache.touch(KEY) is False  # nothing to touch
    cache.set(KEY, 1, timeout=None)  # never expires
    assert cache.touch(KEY, timeout=0) is True
    assert cache.get(KEY) is None

    cache.set(KEY, 2)
    cache.set("other", 3)
    assert cache.get_many([KEY, "other", "missing"]) == {KEY: 2, "other": 3}
    assert cache.delete(KEY) is True
    assert cache.delete(KEY) is False
    cache.clear()
    assert cache.get("other") is None
    cache.set(KEY, 4)  # the lock and the directory survive a clear
    assert cache.get(KEY) == 4
