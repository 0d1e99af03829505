import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from reader import cli
from reader.model import first_words
from reader.paths import ENV_VAR, store_path
from reader.store import merge
from reader.store.sqlitestore import SqliteStore

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "store.db")


def export(db: str, capsys) -> list[dict]:
    assert cli.main(["export", "items", "--db", db]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_import_prints_one_line_per_file(db, write_dump, capsys):
    one = write_dump("one.txt", A, B)
    assert cli.main(["import", "--db", db, "--source", "News", str(one)]) == 0
    assert capsys.readouterr().out == "one.txt: 2 items (2 new, 0 merged, 0 already known) [utf-8]\n"
    assert cli.main(["import", "--db", db, str(one)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("one.txt: already imported (same content as import 1, ")


def test_a_refused_file_is_one_line_and_the_others_still_import(db, write_dump, tmp_path, capsys):
    scan = tmp_path / "scan.txt"
    scan.write_bytes(PNG)
    good = write_dump("good.txt", A)
    assert cli.main(["import", "--db", db, str(scan), str(good)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("reader: refused scan.txt: ")
    assert captured.err.count("\n") == 1
    assert captured.out.startswith("good.txt: 1 item ")
    assert [item["text"] for item in export(db, capsys)] == [A]


def test_a_file_without_items_is_a_warning(db, write_dump, capsys):
    assert cli.main(["import", "--db", db, str(write_dump("empty.txt", ""))]) == 0
    assert capsys.readouterr().err == "empty.txt: no items found (warning)\n"


def test_the_source_defaults_to_the_folder_name(db, write_dump, capsys):
    path = write_dump("one.txt", A, folder="CSTO")
    assert cli.main(["import", "--db", db, str(path.parent)]) == 0
    capsys.readouterr()
    assert export(db, capsys)[0]["sources"] == ["CSTO"]


def test_a_missing_file_is_an_error_naming_it(db, capsys):
    assert cli.main(["import", "--db", db, "no-such-dump.txt"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "no-such-dump.txt" in err and err.count("\n") == 1


def test_a_damaged_store_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all\n" * 100)
    assert cli.main(["export", "items", "--db", str(bad)]) == 1
    assert capsys.readouterr().err == f"reader: {bad} is damaged or not a Dump Reader store\n"


def test_an_unknown_format_is_one_line(db, capsys):
    assert cli.main(["export", "items", "--db", db, "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "xml" in err and err.count("\n") == 1


def test_interrupting_an_import_exits_130_and_keeps_the_store_unchanged(db, write_dump, monkeypatch, capsys):
    def interrupted(self, item, fp=None, stems=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(merge.Merger, "place", interrupted)
    assert cli.main(["import", "--db", db, str(write_dump("one.txt", A, B))]) == 130
    assert capsys.readouterr().err == ""
    monkeypatch.undo()
    assert export(db, capsys) == []


def test_export_to_a_file_in_every_format(db, write_dump, tmp_path, capsys):
    cli.main(["import", "--db", db, "--source", "News", str(write_dump("one.txt", A, B))])
    for fmt in ("jsonl", "csv", "md"):
        target = tmp_path / "out" / f"items.{fmt}"
        target.parent.mkdir(exist_ok=True)
        assert cli.main(["export", "items", "--db", db, "--format", fmt, "--output", str(target)]) == 0
        assert A in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["items.csv", "items.jsonl", "items.md"]
    assert capsys.readouterr().out.count("\n") == 1  # only the import's line


def test_export_into_a_missing_folder_is_one_line(db, tmp_path, capsys, write_dump):
    assert cli.main(["import", "--db", db, str(write_dump("a.txt", A))]) == 0
    target = tmp_path / "nowhere" / "items.jsonl"
    assert cli.main(["export", "items", "--db", db, "--output", str(target)]) == 1
    assert capsys.readouterr().err.startswith(f"reader: cannot write {target}")


def test_read_only_commands_never_create_a_store(db, capsys):
    assert cli.main(["export", "items", "--db", db]) == 1
    assert cli.main(["boilerplate", "list", "--db", db]) == 1
    assert capsys.readouterr().err.splitlines() == [f"reader: no store at {db}"] * 2
    assert not Path(db).exists()


def test_the_store_comes_from_the_environment_without_db(tmp_path, write_dump, monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env" / "store.db"))
    assert cli.main(["import", str(write_dump("one.txt", A))]) == 0
    assert (tmp_path / "env" / "store.db").exists()


def test_store_path_precedence(tmp_path):
    env = {ENV_VAR: str(tmp_path / "from-env" / "s.db")}
    assert store_path(tmp_path / "given" / "s.db", env) == tmp_path / "given" / "s.db"
    assert (tmp_path / "given").is_dir()
    assert store_path(None, env) == tmp_path / "from-env" / "s.db"
    assert store_path(None, {}).name == "store.db"


def test_no_command_opens_the_window(db, monkeypatch):
    calls = []
    fake = types.ModuleType("reader.app")
    fake.run = lambda path, argv: calls.append((path, argv)) or 0
    monkeypatch.setitem(sys.modules, "reader.app", fake)
    assert cli.main(["--db", db]) == 0
    assert calls == [(Path(db), ["reader", "--db", db])]


def test_without_the_window_module_the_message_is_clear(db, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "reader.app", None)
    assert cli.main(["--db", db]) == 1
    assert "window is not available" in capsys.readouterr().err


def test_import_and_export_never_load_qt(db, write_dump):
    dump = write_dump("one.txt", A, B)
    script = (
        "import sys\n"
        "from reader.cli import main\n"
        f"codes = [main(['import', '--db', {db!r}, {str(dump)!r}]), main(['export', 'items', '--db', {db!r}])]\n"
        "assert codes == [0, 0], codes\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'reader.ui', 'reader.app'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert A in done.stdout


def test_boilerplate_is_listed_confirmed_and_rejected(db, tmp_path, capsys):
    for n in (1, 2, 3):
        path = tmp_path / f"p{n}.txt"
        path.write_text(
            f"0{n}.05.2021\nThe council met on day {n} to discuss security and cooperation of states.\n"
            f"Listen to our weekly podcast\nIt agreed on a plan for day {n}.\n",
            encoding="utf-8",
        )
        assert cli.main(["import", "--db", db, "--source", "Site", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["boilerplate", "--db", db]) == 0
    assert capsys.readouterr().out == "Site\t3 dumps\tcandidate\tlisten to our weekly podcast\n"
    assert (
        cli.main(["boilerplate", "--db", db, "--source", "Site", "confirm", "Listen to our weekly podcast"])
        == 0
    )
    assert "confirmed" in capsys.readouterr().out
    assert cli.main(["boilerplate", "--db", db, "--all"]) == 0
    assert "\tconfirmed\t" in capsys.readouterr().out
    assert cli.main(["boilerplate", "--db", db, "reject"]) == 2
    assert "needs --source" in capsys.readouterr().err


def test_imports_lists_every_file_newest_first(db, write_dump, capsys):
    first, second = write_dump("a.txt", A), write_dump("b.txt", B)
    assert cli.main(["import", "--db", db, "--source", "News", str(first)]) == 0
    assert cli.main(["import", "--db", db, "--source", "Other", str(second)]) == 0
    capsys.readouterr()
    assert cli.main(["imports", "--db", db]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(cells[0], cells[2], Path(cells[3]).name) for cells in lines] == [
        ("2", "Other", "b.txt"),
        ("1", "News", "a.txt"),
    ]
    assert lines[0][4] == "items: 1 (1 new, 0 merged, 0 known)"
    assert cli.main(["imports", "--db", db, "--source", "News"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_sources_list_rename_and_merge(db, write_dump, capsys):
    assert cli.main(["import", "--db", db, "--source", "Downloads", str(write_dump("a.txt", A))]) == 0
    assert cli.main(["import", "--db", db, "--source", "Other", str(write_dump("b.txt", B))]) == 0
    assert cli.main(["sources", "rename", "--db", db, "Downloads", "csto.int"]) == 0
    assert cli.main(["sources", "--db", db, "rename", "csto.int", "Other"]) == 1
    assert "merge 'csto.int' into it instead" in capsys.readouterr().err
    assert cli.main(["sources", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "csto.int\titems: 1\timports: 1",
        "Other\titems: 1\timports: 1",
    ]
    assert cli.main(["sources", "--db", db, "merge", "Other", "csto.int"]) == 0
    capsys.readouterr()
    assert cli.main(["sources", "--db", db, "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["csto.int\titems: 2\timports: 2"]


def test_imports_remove_takes_an_import_back_and_guards_marked_items(db, write_dump, capsys):
    assert cli.main(["import", "--db", db, "--source", "News", str(write_dump("a.txt", A))]) == 0
    assert cli.main(["import", "--db", db, "--source", "News", str(write_dump("b.txt", B))]) == 0
    with SqliteStore.open(db) as store:
        (b_item,) = [i for i in store.export_items() if i.body == B]
        store.set_bookmark(b_item.id)
    capsys.readouterr()
    assert cli.main(["imports", "remove", "--db", db, "2"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("reader: removing this import would delete 1 item(s) with bookmarks")
    assert err[1] == f"  {b_item.id}\t{first_words(B)}"
    assert cli.main(["imports", "remove", "--db", db, "2", "--with-marked"]) == 0
    assert capsys.readouterr().out == "removed import 2: items gone: 1, items placed again: 0\n"
    assert [item["text"] for item in export(db, capsys)] == [A]
    assert cli.main(["imports", "remove", "--db", db, "7"]) == 1
    assert capsys.readouterr().err == "reader: there is no import 7; `reader imports` lists them\n"


def test_import_v_prints_each_files_items_dates_and_dropped_lines(db, tmp_path, capsys):
    page = tmp_path / "dumps" / "page.txt"
    page.parent.mkdir()
    page.write_text(
        "Valley News\nEN | RU\n\nNew school opens in the valley\n12.03.2024\n\n"
        "The new school in the valley opened its doors to three hundred pupils on Monday morning.\n\n"
        "Share on Twitter\n\n"
        "Pupils from two villages will study there from the start of the next school year, in May.\n",
        encoding="utf-8",
    )
    assert cli.main(["import", "--db", db, "-v", str(page)]) == 0
    assert capsys.readouterr().out == (
        "page.txt: 1 item (1 new, 0 merged, 0 already known) [utf-8]\n"
        "    4–11  2024-03-12 (date line)\n"
        "        New school opens in the valley\n"
        "        The new school in the valley opened its doors to three hundred…\n"
        "\n"
        "    Dropped as site chrome:\n"
        "    1  Valley News    [header zone]\n"
        "    2  EN | RU    [breadcrumb]\n"
        "    9  Share on Twitter    [page furniture]\n"
        "\n"
    )
    # The plain import says one line per file, and --verbose is the same as -v.
    again = page.with_name("again.txt")
    again.write_text(page.read_text(encoding="utf-8").replace("Monday", "Tuesday"), encoding="utf-8")
    assert cli.main(["import", "--db", db, "--verbose", str(again)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "again.txt: 1 item (1 new, 0 merged, 0 already known) [utf-8]\n    4–11  2024-03-12"
    )


YEARLESS = """Ministers met in Astana
23 November
The council of ministers met in Astana to discuss regional security matters.
"""


def test_import_year_dates_dates_without_one_and_reimport_places_items_once(db, tmp_path, capsys):
    dump = tmp_path / "site" / "yearless.txt"
    dump.parent.mkdir()
    dump.write_text(YEARLESS)
    assert cli.main(["import", "--db", db, "--source", "News", str(dump)]) == 0
    capsys.readouterr()
    assert [item["date"] for item in export(db, capsys)] == [None]
    assert cli.main(["import", "--db", db, "--year", "2023", str(dump)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert (
        cli.main(["import", "--db", db, "--source", "News", "--year", "2023", "--reimport", str(dump)]) == 0
    )
    assert capsys.readouterr().out.startswith("yearless.txt: 1 item (0 new, 0 merged, 1 already known)")
    items = export(db, capsys)
    assert [(item["date"], item["date_method"]) for item in items] == [("2023-11-23", "inferred")]
    assert cli.main(["imports", "--db", db]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert cli.main(["import", "--db", db, "--year", "23x", str(dump)]) != 0
    assert capsys.readouterr().err == "reader: argument --year: '23x' is not a year from 1800 to 2999\n"


def test_sources_delete_takes_its_imports_back_and_guards_marked_items(db, write_dump, capsys):
    shared = write_dump("shared.txt", A, folder="other")
    assert cli.main(["import", "--db", db, "--source", "Other", str(shared)]) == 0
    rescue = "A new training centre for rescue teams opened in the northern province last week."
    for name, texts in (("a.txt", (A, rescue)), ("b.txt", (B,))):
        assert cli.main(["import", "--db", db, "--source", "News", str(write_dump(name, *texts))]) == 0
    with SqliteStore.open(db) as store:
        (b_item,) = [i for i in store.export_items() if i.body == B]
        store.set_note(b_item.id, "keep this")
    capsys.readouterr()
    assert cli.main(["sources", "delete", "--db", db, "News"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("reader: deleting source 'News' would delete 1 item(s) with bookmarks")
    assert err.rstrip().endswith("(--with-marked)")
    assert len(export(db, capsys)) == 3  # nothing changed
    assert cli.main(["sources", "delete", "--db", db, "News", "--with-marked"]) == 0
    out = capsys.readouterr().out
    assert out == "deleted source 'News': imports removed: 2, items gone: 2, items placed again: 1\n"
    assert [(item["text"], item["sources"]) for item in export(db, capsys)] == [(A, ["Other"])]
    assert cli.main(["sources", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == ["Other\titems: 1\timports: 1"]
    assert cli.main(["sources", "delete", "--db", db, "News"]) == 1
    assert capsys.readouterr().err == "reader: there is no source named 'News'\n"
