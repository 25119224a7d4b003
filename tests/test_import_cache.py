import os

import pytest

from timeline import schema as s
from timeline.datasets import Dataset, Datasets
from timeline.import_cache import ImportCache
from timeline.importer import content_key, import_file
from timeline.load import read_events
from timeline.state import is_token

from .conftest import DATA


def test_a_dataset_imported_by_one_worker_is_served_by_another(tmp_path):
    bundled = Dataset(read_events(DATA / "sample_events.csv"))
    first = Datasets(bundled, loader=ImportCache(tmp_path).dataset)
    second = Datasets(bundled, loader=ImportCache(tmp_path).dataset)
    key, dataset = ImportCache(tmp_path).save_import(
        import_file(DATA / "import_csis_style.csv"), "x"
    )
    first.add(key, dataset, reloadable=True)
    served = second.get(key)
    assert served is not bundled
    assert served.ids == dataset.ids
    assert len(served.events) == 7
    assert served.types == ["Missile Provocation", "Other Provocation"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{key}.csv",
        f"{key}.json",
        f"{key}.rejected.csv",
    ]


def test_each_import_gets_its_own_random_key_not_one_derived_from_the_content(tmp_path):
    cache = ImportCache(tmp_path)
    first, _ = cache.save_import(import_file(DATA / "import_csis_style.csv"), "a")
    again, _ = cache.save_import(import_file(DATA / "import_csis_style.csv"), "b")
    assert first != again
    assert is_token(first) and is_token(again)
    # Whoever holds the same file cannot work the address out: it is not the content's hash.
    assert first not in content_key(import_file(DATA / "import_csis_style.csv").events_csv())
    assert cache.dataset(first) is not None and cache.dataset(again) is not None


def test_unknown_or_malformed_keys_fall_back_to_the_bundled_data(tmp_path):
    bundled = Dataset(read_events(DATA / "sample_events.csv"))
    (tmp_path / "secret.csv").write_text("id\n")
    datasets = Datasets(bundled, loader=ImportCache(tmp_path).dataset)
    for key in ["0" * 32, "../secret", "secret", None, ""]:
        assert datasets.get(key) is bundled
    assert ImportCache(tmp_path).upload("../secret.csv") is None


def test_only_the_last_few_loaded_datasets_stay_in_memory(tmp_path):
    bundled = Dataset(read_events(DATA / "sample_events.csv"))
    loads = []

    def loader(key):
        loads.append(key)
        return Dataset(read_events(DATA / "sample_events.csv"))

    datasets = Datasets(bundled, loader=loader, keep=2)
    for key in ["a", "b", "c", "a"]:
        datasets.get(key)
    assert loads == ["a", "b", "c", "a"]
    datasets.add("pinned", bundled)
    for key in ["d", "e", "f"]:
        datasets.get(key)
    assert datasets.get("pinned") is bundled
    assert len(datasets.get("f").events[s.ID]) == 12


OWNER, STRANGER = "a" * 32, "b" * 32
IMPORTED = import_file(DATA / "import_csis_style.csv")


class Clock:
    """A settable time, so expiry and least-recently-used order are exact."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_upload_never_imported_expires_after_its_hours(tmp_path):
    clock = Clock()
    cache = ImportCache(tmp_path, upload_hours=1, clock=clock)
    key = cache.save_upload(b"date,title\n2024-01-01,a\n")
    clock.now += 3599
    assert cache.upload(key) is not None
    clock.now += 2
    assert cache.upload(key) is None
    cache.save_upload(b"date,title\n2024-01-02,b\n")
    assert f"{key}.upload" not in names(tmp_path)


def test_over_its_cap_the_folder_drops_the_least_recently_used_import(tmp_path):
    clock = Clock()
    one = len(IMPORTED.events_csv()) + len(IMPORTED.rejected_csv()) + 100
    cache = ImportCache(tmp_path, max_mb=2.5 * one / 1024 / 1024, clock=clock)
    first, _ = cache.save_import(IMPORTED, "first", OWNER)
    clock.now += 10
    second, _ = cache.save_import(IMPORTED, "second", OWNER)
    clock.now += 10
    assert cache.dataset(first) is not None  # first is now the most recently used
    clock.now += 10
    third, _ = cache.save_import(IMPORTED, "third", OWNER)
    assert cache.dataset(second) is None
    assert cache.dataset(first) is not None and cache.dataset(third) is not None
    assert not [n for n in names(tmp_path) if n.startswith(second)]


def test_clean_removes_expired_uploads_or_everything(tmp_path):
    clock = Clock()
    cache = ImportCache(tmp_path, clock=clock)
    upload = cache.save_upload(b"date,title\n2024-01-01,a\n")
    key, _ = cache.save_import(IMPORTED, "kept", OWNER)
    os.utime(tmp_path / f"{upload}.upload", (clock.now - 7200, clock.now - 7200))
    assert cache.clean().files == 1
    assert names(tmp_path) == [f"{key}.csv", f"{key}.json", f"{key}.rejected.csv"]
    assert cache.clean(everything=True).files == 3
    assert names(tmp_path) == []


def test_an_import_is_private_to_its_owner_until_shared(tmp_path):
    cache = ImportCache(tmp_path)
    key, _ = cache.save_import(IMPORTED, "mine", OWNER)
    assert cache.may_see(key, OWNER) and not cache.may_see(key, STRANGER)
    assert not cache.may_see(key, None)
    assert cache.rejected(key, STRANGER) is None and cache.rejected(key, OWNER) is not None
    assert not cache.share(key, STRANGER)
    assert cache.share(key, OWNER)
    assert cache.may_see(key, STRANGER) and cache.may_see(key, None)


def test_only_the_owner_may_delete_an_import(tmp_path):
    cache = ImportCache(tmp_path)
    key, _ = cache.save_import(IMPORTED, "mine", OWNER)
    assert not cache.delete(key, STRANGER)
    assert cache.dataset(key) is not None
    assert cache.delete(key, OWNER)
    assert cache.dataset(key) is None and names(tmp_path) == []


def test_an_import_without_an_owner_is_seen_by_nobody(tmp_path):
    cache = ImportCache(tmp_path)
    key, _ = cache.save_import(IMPORTED, "cookieless", None)
    assert not cache.may_see(key, None) and not cache.may_see(key, STRANGER)
    assert not cache.share(key, None)


@pytest.mark.parametrize(
    "viewer, shown", [(OWNER, "import"), (STRANGER, "bundled"), (None, "bundled")]
)
def test_a_link_to_an_unshared_upload_shows_others_the_bundled_data_with_a_notice(
    tmp_path, viewer, shown
):
    cache = ImportCache(tmp_path)
    key, _ = cache.save_import(IMPORTED, "mine", OWNER)
    bundled = Dataset(read_events(DATA / "sample_events.csv"))
    datasets = Datasets(bundled, loader=cache.dataset, allowed=cache.may_see)
    data, state, notices = datasets.read_view(f"?dataset={key}", viewer)
    assert (data is bundled) == (shown == "bundled")
    assert [n.key for n in notices] == ([] if shown == "import" else ["notice.missing_dataset"])
    assert state.dataset == (key if shown == "import" else None)
