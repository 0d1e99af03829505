"""The command line's annotations: ``annotate``, ``annotations export`` and ``import``, and the
selections of ``export items``."""

import csv
import io
import json
from pathlib import Path

import pytest

from reader import cli

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
DUMPS = sorted(SAMPLES.glob("*.txt"))


def run(capsys, *args: str) -> str:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def items(db: str, capsys, *selection: str) -> list[dict]:
    out = run(capsys, "export", "items", "--db", db, *selection)
    return [json.loads(line) for line in out.splitlines()]


def build(tmp_path: Path, name: str, dumps: list[Path], capsys) -> str:
    db = str(tmp_path / name)
    for dump in dumps:
        run(capsys, "import", "--db", db, "--source", dump.stem, str(dump))
    return db


def marks_by_text(db: str, capsys) -> dict[str, tuple]:
    """Every marked item's marks, keyed by its text: what must survive into another store."""
    return {
        item["text"]: (
            item["bookmarked"],
            tuple(item["tags"]),
            item["note"],
            tuple(sorted((h["quote"], h["note"], h["color"]) for h in item["highlights"])),
        )
        for item in items(db, capsys)
        if item["bookmarked"] or item["tags"] or item["note"] or item["highlights"]
    }


def positions(db: str, capsys) -> dict[str, list[tuple[int, int]]]:
    out = run(capsys, "annotations", "export", "--db", db)
    return {
        item["text"]: sorted(
            (s["start"], s["end"])
            for h in item["highlights"]
            for s in h["target"]["selector"]
            if s["type"] == "TextPositionSelector"
        )
        for item in json.loads(out)["items"]
    }


@pytest.fixture
def annotated(tmp_path, capsys) -> str:
    """A store of the sample dumps, annotated with the command line."""
    db = build(tmp_path, "first.db", DUMPS, capsys)
    every = sorted(items(db, capsys), key=lambda item: (-item["seen"], item["id"]))
    seen_twice, once = every[0], next(item for item in every if item["seen"] == 1)
    assert seen_twice["seen"] > 1
    words = seen_twice["text"].split()
    run(
        capsys,
        "annotate",
        str(seen_twice["id"]),
        "--db",
        db,
        "--bookmark",
        "--tag",
        "Summit",
        "--tag",
        "Minsk",
    )
    run(capsys, "annotate", str(seen_twice["id"]), "--db", db, "--note", "Who chaired it?")
    run(
        capsys,
        "annotate",
        str(seen_twice["id"]),
        "--db",
        db,
        "--highlight",
        " ".join(words[3:7]),
        "--comment",
        "=the core",
        "--colour",
        "green",
    )
    run(capsys, "annotate", str(once["id"]), "--db", db, "--highlight", " ".join(once["text"].split()[-4:]))
    run(capsys, "annotate", str(once["id"]), "--db", db, "--tag", "summit")
    return db


def test_annotations_carry_over_to_a_store_built_in_another_order(annotated, tmp_path, capsys):
    exported = tmp_path / "marks.json"
    run(capsys, "annotations", "export", "--db", annotated, "--output", str(exported))
    other = build(tmp_path, "second.db", DUMPS[::-1], capsys)
    assert marks_by_text(other, capsys) == {}
    out = run(capsys, "annotations", "import", "--db", other, str(exported))
    assert out == "marks.json: 2 items matched, 7 marks added\n"
    assert marks_by_text(other, capsys) == marks_by_text(annotated, capsys)
    assert positions(other, capsys) == positions(annotated, capsys)
    # Importing again merges: nothing doubles.
    assert run(capsys, "annotations", "import", "--db", other, str(exported)).startswith(
        "marks.json: 2 items matched, 0 marks added"
    )
    assert marks_by_text(other, capsys) == marks_by_text(annotated, capsys)


def test_an_import_reports_what_it_could_not_match(annotated, tmp_path, write_dump, capsys):
    exported = tmp_path / "marks.json"
    run(capsys, "annotations", "export", "--db", annotated, "--output", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["items"][0]["id"] = "urn:dump-reader:text:0000000000000000"
    document["items"][0]["text"] = "A text this store has never seen, about something else entirely."
    document["items"][0]["title"] = None
    document["items"][1]["highlights"][0]["target"]["selector"][0]["exact"] = "words that are gone"
    exported.write_text(json.dumps(document), encoding="utf-8")
    other = build(tmp_path, "second.db", DUMPS, capsys)
    assert cli.main(["annotations", "import", "--db", other, str(exported)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("marks.json: 1 items matched")
    assert out[1] == "not matched: 'A text this store has never seen, about something else entirely.'"
    assert out[2].endswith("the quote 'words that are gone' is not in its text (kept as an orphan)")
    (kept,) = [
        h for item in items(other, capsys) for h in item["highlights"] if h["quote"] == "words that are gone"
    ]
    assert kept["note"] == "=the core"


def test_a_file_that_is_not_an_export_is_one_line(db_path, tmp_path, write_dump, capsys):
    run(
        capsys, "import", "--db", db_path, str(write_dump("one.txt", "The council met in Astana on Tuesday."))
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"items": []}', encoding="utf-8")
    assert cli.main(["annotations", "import", "--db", db_path, str(bad)]) == 1
    assert capsys.readouterr().err == f"reader: {bad}: not an export of Dump Reader annotations\n"


def test_annotate_refuses_a_quote_not_in_the_text_and_changes_nothing(annotated, capsys):
    (item,) = [i for i in items(annotated, capsys) if i["id"] == 1]
    assert (
        cli.main(["annotate", "1", "--db", annotated, "--bookmark", "--highlight", "not in it at all"]) == 1
    )
    assert capsys.readouterr().err == "reader: the quote 'not in it at all' is not in the text of item 1\n"
    assert [i for i in items(annotated, capsys) if i["id"] == 1] == [item]
    assert cli.main(["annotate", "999", "--db", annotated, "--bookmark"]) == 1
    assert capsys.readouterr().err == "reader: item 999 does not exist\n"
    assert cli.main(["annotate", "1", "--db", annotated, "--comment", "x"]) == 2


def test_annotations_export_as_markdown_and_csv(annotated, capsys):
    md = run(capsys, "annotations", "export", "--db", annotated, "--format", "md")
    assert md.startswith("# Annotations\n\n## ")
    assert "**Note:** Who chaired it?" in md
    assert "**Comment** (*green*): =the core" in md
    assert "*bookmarked · tags: Minsk, Summit*" in md or "bookmarked · tags: Minsk, Summit" in md
    data = run(capsys, "annotations", "export", "--db", annotated, "--format", "csv")
    assert data.startswith("\ufeffkind,item,")
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"))))
    assert sorted(r["kind"] for r in rows) == ["highlight", "highlight", "note"]
    (comment,) = [r["comment"] for r in rows if r["comment"]]
    assert comment == "'=the core"  # a spreadsheet shows it, never runs it


def test_export_items_selects(annotated, capsys):
    every = items(annotated, capsys)
    assert len(every) > 2

    def ids(*selection):
        return [item["id"] for item in items(annotated, capsys, *selection)]

    marked = [i["id"] for i in every if i["tags"]]
    assert ids("--tag", "SUMMIT") == marked and len(marked) == 2
    assert ids("--bookmarked") == [i["id"] for i in every if i["bookmarked"]]
    assert ids("--annotated") == marked
    assert ids("--annotated", "--bookmarked", "--tag", "minsk") == [i["id"] for i in every if i["bookmarked"]]
    dated = [i for i in every if i["date"]]
    since = dated[len(dated) // 2]["date"]
    assert ids("--since", since) == [i["id"] for i in dated if i["date"] >= since]
    assert ids("--source", DUMPS[0].stem.upper()) == [i["id"] for i in every if DUMPS[0].stem in i["sources"]]

    def words(item):
        return f"{item['title'] or ''} {item['text']}".lower()

    found = ids("--search", "minsk -belarus")
    assert found and found == [i["id"] for i in every if "minsk" in words(i) and "belarus" not in words(i)]
    md = run(capsys, "export", "items", "--db", annotated, "--format", "md", "--tag", "summit")
    assert md.count("\n## ") + md.startswith("## ") == 2
    assert "> " in md and "**Comment** (*green*): =the core" in md


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--tag", "nothing"], "reader: there is no tag 'nothing'\n"),
        (["--source", "nowhere"], "reader: there is no source 'nowhere'\n"),
        (["--since", "May 2023"], "reader: argument --since: 'May 2023' is not a date (YYYY-MM-DD)\n"),
        (["--search", '"open'], "reader: argument --search: '\"open': A quotation mark is not closed\n"),
    ],
)
def test_a_bad_selection_is_one_line(annotated, option, message, capsys):
    assert cli.main(["export", "items", "--db", annotated, *option]) != 0
    assert capsys.readouterr().err == message


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "store.db")


def test_annotate_takes_marks_off_again(annotated, capsys):
    (item,) = [i for i in items(annotated, capsys) if i["bookmarked"]]
    run(
        capsys,
        "annotate",
        str(item["id"]),
        "--db",
        annotated,
        "--unbookmark",
        "--untag",
        "summit",
        "--note",
        "",
    )
    (after,) = [i for i in items(annotated, capsys) if i["id"] == item["id"]]
    assert (after["bookmarked"], after["tags"], after["note"]) == (False, ["Minsk"], "")
    assert after["highlights"] == item["highlights"]
