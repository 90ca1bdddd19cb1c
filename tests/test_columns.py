"""Column widths from the space there is (widgets/columns.py, issue 16): pure arithmetic on
cell widths, padding two cells a column."""

from mentor_tui.widgets.columns import FIRST_FLOOR, Fit, fit_widths

KEYS = ("name", "class", "mark", "last", "others")
NATURAL = (12, 18, 8, 10, 20)  # 68 cells, 78 with padding


def test_every_column_whole_when_they_fit():
    assert fit_widths(KEYS, NATURAL, Fit(78, first=("name", "class"))) == dict(zip(KEYS, NATURAL))


def test_names_and_classes_yield_to_floor_before_a_column_goes():
    fit = Fit(70, first=("name", "class"), optional=("others", "last"))
    widths = fit_widths(KEYS, NATURAL, fit)
    assert set(widths) == set(KEYS)  # nothing left out: the class gave way (8 cells)
    assert widths["class"] == 10 == FIRST_FLOOR and widths["name"] == 12
    assert widths["mark"] == 8  # a duty mark is never cut while a class can give way


def test_an_optional_column_goes_before_a_mark_is_cut_and_spare_room_goes_back():
    fit = Fit(52, first=("name", "class"), optional=("others", "last"))
    widths = fit_widths(KEYS, NATURAL, fit)
    assert "others" not in widths and widths["mark"] == 8
    assert sum(widths.values()) + 2 * len(widths) <= 52
    assert widths["class"] > FIRST_FLOOR  # the room left by "others" went back to the class


def test_long_free_text_gives_way_before_names_and_classes():
    keys = ("row", "name", "class", "status")
    natural = (3, 12, 18, 140)
    fit = Fit(146, first=("name", "class"), give_way=("status",), minimum={"status": 16})
    widths = fit_widths(keys, natural, fit)
    assert widths["name"] == 12 and widths["class"] == 18  # whole
    assert widths["status"] == 146 - 8 - 3 - 12 - 18
    narrow = fit_widths(
        keys,
        natural,
        Fit(56, first=("name", "class"), give_way=("status",), minimum={"status": 16}),
    )
    assert narrow["status"] == 16  # down to its minimum, then the others give way
    assert sum(narrow.values()) + 2 * len(narrow) <= 56
