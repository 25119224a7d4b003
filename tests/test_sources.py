"""The sources table: reading it, and naming a source by outlet, headline and date."""

from timeline.sources import Source, denylist, describe, is_denied, read_sources

TABLE = {
    "https://en.yna.co.kr/view/AEN20240605000351315": Source(
        url="https://en.yna.co.kr/view/AEN20240605000351315",
        outlet="Yonhap",
        title="Signs detected of N. Korea demolishing part of Donghae railway",
        published="2024-06-05",
        language="en",
        kind="wire",
    ),
    "https://www.nknews.org/2021/01/x/": Source(
        url="https://www.nknews.org/2021/01/x/", outlet="NK News", published="2021-01"
    ),
}


def test_a_source_is_named_by_outlet_headline_and_date_in_each_language():
    url = "https://en.yna.co.kr/view/AEN20240605000351315"
    assert describe(url, TABLE) == (
        "Yonhap, ‘Signs detected of N. Korea demolishing part of Donghae railway’, 5 June 2024"
    )
    assert describe(url, TABLE, "ko").endswith(", 2024년 6월 5일")


def test_missing_parts_are_left_out_and_unknown_urls_fall_back_to_the_domain():
    assert describe("https://www.nknews.org/2021/01/x/", TABLE) == "NK News, 2021-01"
    assert describe("https://www.example.org/a", TABLE) == "example.org"


def test_reading_a_table_and_a_missing_file(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "url,outlet,title,published,language,kind\n"
        'https://a.kr/1,KBS,"Title, with comma",2024-06-05,ko,broadcaster\n',
        encoding="utf-8",
    )
    table = read_sources(path)
    assert table["https://a.kr/1"] == Source(
        "https://a.kr/1", "KBS", "Title, with comma", "2024-06-05", "ko", "broadcaster"
    )
    assert read_sources(tmp_path / "none.csv") == {}


def test_the_denylist_is_read_from_its_fenced_block_and_matches_subdomains():
    readme = "# x\n\n```denylist\nmenafn.com\nzum.com\n```\n\nmore.com\n"
    hosts = denylist(readme)
    assert hosts == ("menafn.com", "zum.com")
    assert is_denied("https://news.zum.com/articles/1", hosts)
    assert not is_denied("https://notzum.com/a", hosts)
    assert denylist("no block") == ()
