"""The site name suggested for a set of files, read from the first part of a few of them."""

from __future__ import annotations

import pytest

from reader.store import sitenames

PAGE = (
    "Новости Севера\nГлавная\nВстреча министров\n12.03.2024\nМинистры встретились в Ташкенте.\n© sever.kz\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1251"])
def test_the_name_is_read_from_the_first_part_of_a_few_files(tmp_path, monkeypatch, encoding):
    monkeypatch.setattr(sitenames, "HEAD_BYTES", 3 * len(PAGE.encode(encoding)) // 2)
    monkeypatch.setattr(sitenames, "SAMPLE_FILES", 3)
    paths = []
    for n in range(7):
        path = tmp_path / f"{n}.txt"
        path.write_bytes((PAGE * 4).encode(encoding))
        paths.append(path)
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    paths.append(tmp_path / "picture.txt")
    paths.append(tmp_path / "gone.txt")
    assert sitenames.suggested_name(paths) == "sever.kz"


def test_files_that_name_nothing_suggest_nothing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Встреча министров\n12.03.2024\nМинистры встретились в Ташкенте.\n")
    assert sitenames.suggested_name([path]) is None
