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
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key}.csv", f"{key}.rejected.csv"]


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
