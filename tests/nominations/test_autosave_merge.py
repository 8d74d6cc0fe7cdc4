"""The merge rule of a step's save (nominations.autosave.merge): changed answers are
written, untouched ones never, and an answer changed elsewhere since the page was shown is
a conflict that writes nothing."""

from nominations.autosave import Conflict, as_text, bases_from, merge


def test_changed_field_with_an_unmoved_base_is_applied():
    result = merge(stored={"title": "Old"}, new={"title": "New"}, bases={"title": "Old"})
    assert (result.apply, result.conflicts, result.untouched, result.same) == ({"title": "New"}, (), (), ())


def test_untouched_field_is_never_written_even_when_stored_moved_on():
    # The other tab changed the title; this page still shows the old one and did not touch it.
    result = merge(stored={"title": "Other tab's"}, new={"title": "Old"}, bases={"title": "Old"})
    assert (result.apply, result.untouched, result.conflicts) == ({}, ("title",), ())


def test_changed_field_whose_stored_value_moved_on_is_a_conflict():
    result = merge(stored={"title": "Other tab's"}, new={"title": "Mine"}, bases={"title": "Old"})
    assert result.apply == {}
    assert result.conflicts == (Conflict(name="title", stored="Other tab's", yours="Mine"),)


def test_same_change_made_in_both_places_is_no_conflict():
    result = merge(stored={"title": "Agreed"}, new={"title": "Agreed"}, bases={"title": "Old"})
    assert (result.apply, result.same, result.conflicts) == ({}, ("title",), ())


def test_mixed_fields_are_decided_one_by_one():
    result = merge(
        stored={"title": "T elsewhere", "summary": "S", "novelty": "N", "consent_processing": True},
        new={"title": "T mine", "summary": "S mine", "novelty": "N", "consent_processing": False},
        bases={"title": "T", "summary": "S", "novelty": "N", "consent_processing": "on"},
    )
    assert result.apply == {"summary": "S mine", "consent_processing": False}
    assert result.untouched == ("novelty",)
    assert [c.name for c in result.conflicts] == ["title"]


def test_without_a_base_a_field_is_saved_as_posted():
    result = merge(stored={"title": "Stored"}, new={"title": "Posted"}, bases={})
    assert (result.apply, result.conflicts) == ({"title": "Posted"}, ())


def test_line_endings_and_surrounding_spaces_do_not_make_a_change():
    result = merge(stored={"summary": "one\r\ntwo"}, new={"summary": "one\ntwo"}, bases={"summary": " one\r\ntwo "})
    assert (result.apply, result.untouched) == ({}, ("summary",))


def test_values_read_as_the_page_posts_them():
    assert [as_text(True), as_text(False), as_text(None), as_text("  a\r\nb\r ")] == ["on", "", "", "a\nb"]
    assert bases_from({"base-title": "T\r\n", "title": "x"}, ["title", "summary"]) == {"title": "T"}
