from timeline.layout import LOAD_FAILED


def test_a_missing_data_file_shows_a_clear_message_not_a_traceback(page, serve, tmp_path):
    page.goto(serve(tmp_path / "gone" / "events.csv"))
    notice = page.get_by_role("alert")
    notice.get_by_text(LOAD_FAILED).wait_for()
    assert [line for line in notice.inner_text().splitlines() if line] == [
        LOAD_FAILED,
        "events.csv: file not found. Check the path.",
    ]
    assert str(tmp_path) not in page.content()
    assert "Traceback" not in page.content()
    page.get_by_text("No events match these filters").wait_for()
