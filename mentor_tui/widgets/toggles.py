"""Radio buttons and check boxes whose state reads without colour (issue 16).

Textual draws a radio button on and off with the same "▐●▌", and a check box ticked and
unticked with the same "▐X▌": only the colour differs. Here a radio button shows ● when chosen
and ○ when not, a check box (and an option of a :class:`TickList`) [x] and [ ]; the row the focus is in is marked by the form's
border (app.tcss ``.field-row:focus-within``), so nothing is told by colour alone.

:class:`RadioRow` is a horizontal radio set in which the choice follows the arrows (left and
right choose the previous and next option at once, as radio groups do elsewhere; Textual's
only moves a highlight there and needs space), and up and down move to the previous and next
field of the form, like Tab.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.binding import Binding
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, RadioSet, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

RADIO_ON, RADIO_OFF = "●", "○"
TICK_ON, TICK_OFF = "[x]", "[ ]"


class Radio(RadioButton):
    """A radio button: ● chosen, ○ not."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled(RADIO_ON if self.value else RADIO_OFF, style)

    def watch_value(self) -> None:
        super().watch_value()
        self.refresh(layout=True)


class Tick(Checkbox):
    """A check box: [x] ticked, [ ] not."""

    DEFAULT_CSS = """
    Tick {
        border: none;
        padding: 0;
        border-left: blank;
        background: transparent;
        & > .toggle--button { background: transparent; }
        &:focus { border: none; border-left: heavy $accent; }
    }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled(TICK_ON if self.value else TICK_OFF, style)


class RadioRow(RadioSet):
    """A horizontal radio set: the arrows choose (left, right) or leave the row (up, down)."""

    DEFAULT_CSS = """
    RadioRow {
        layout: horizontal;
        width: 1fr;
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
        &:focus { border: none; }
        & > RadioButton { width: auto; background: transparent; }
        & > RadioButton > .toggle--button { background: transparent; }
    }
    """

    BINDINGS = [
        Binding("right", "step(1)", show=False),
        Binding("left", "step(-1)", show=False),
        Binding("down", "screen.focus_next", show=False),
        Binding("up", "screen.focus_previous", show=False),
    ]

    def action_step(self, step: int) -> None:
        buttons = list(self.query(RadioButton))
        if not buttons:
            return
        now = self.pressed_index
        index = (now + step) % len(buttons) if now >= 0 else 0
        self.press(index)

    def press(self, index: int) -> None:
        """Choose the option at ``index`` (the keys 1-3 of a form call this)."""
        buttons = list(self.query(RadioButton))
        if 0 <= index < len(buttons):
            buttons[index].value = True
            self._selected = index

    def choose(self, button_id: str) -> None:
        """Choose the option whose id is ``button_id`` (nothing when there is none)."""
        for i, button in enumerate(self.query(RadioButton)):
            if button.id == button_id:
                self.press(i)
                return


class TickList(SelectionList):
    """A selection list whose options read [x] when ticked and [ ] when not (Textual's draws
    the same "▐X▌" for both, told apart by colour only)."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        drawn = (Checkbox.BUTTON_LEFT, Checkbox.BUTTON_INNER, Checkbox.BUTTON_RIGHT)
        if len(segments) < 3 or tuple(s.text for s in segments[:3]) != drawn:
            return line
        glyphs = TICK_ON if selection.value in self.selected else TICK_OFF
        ours = [Segment(g, segments[1].style) for g in glyphs]
        return Strip(ours + segments[3:], line.cell_length)
