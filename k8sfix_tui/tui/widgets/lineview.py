"""`LineView`: a scrollable, read-only view of styled lines that renders only the rows on screen.

The Updates screen shows a diff and a section preview that change on every decision. A `Static` inside a
scroll container re-renders all of its lines on each change and can only be scrolled after the next layout,
which costs an extra frame or two per key press. A `LineView` owns its virtual size, so `update(content,
scroll_y=...)` sets the text and the scroll position at once (the first frame after the key press is the
final one), and each row is rendered on demand and cached until the text, the width or the theme changes.

`wrap=True` wraps long lines at word boundaries to the view's width (like a `Static`); `wrap=False` keeps
one row per line and scrolls horizontally. `fit=N` makes the view as tall as its rows, at most N (like
`height: auto; max-height: N` without the second layout pass a scroll container needs to find its height).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual


class LineView(ScrollView, can_focus=True):
    """Styled text in a scroll view; `update()` replaces it and scrolls in one step."""

    DEFAULT_CSS = """
    LineView {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, content: Content | str = "", *, wrap: bool = False, fit: int | None = None,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._wrap = wrap
        self._fit = fit
        self._content: Content = Content("")
        self._rows: list[Content] = []
        self._wrapped_at: tuple[int, bool] | None = None  # (width, vertical scrollbar) the rows are for
        self._full_rows = 0  # rows when wrapped at the full width
        self._strips: dict[int, Strip] = {}
        self._style_key: Any = None
        self._set_content(content)

    # -- public ----------------------------------------------------------------------------------

    @property
    def content(self) -> Content:
        """The text shown (before wrapping)."""
        return self._content

    @property
    def plain(self) -> str:
        """The text shown, without styles."""
        return self._content.plain

    @property
    def fit(self) -> int | None:
        """The most rows the view grows to (None: sized by CSS)."""
        return self._fit

    @fit.setter
    def fit(self, rows: int | None) -> None:
        if rows != self._fit:
            self._fit = rows
            self._wrapped_at = None  # the scrollbar decision depends on it
            self._relayout_rows()

    @property
    def row_count(self) -> int:
        """Rows after wrapping (the virtual height)."""
        return len(self._rows)

    def update(self, content: Content | str, *, scroll_y: int | None = 0, scroll_x: int | None = 0) -> None:
        """Show `content`; scroll to row `scroll_y` / column `scroll_x` (None keeps the position)."""
        self._set_content(content)
        self._relayout_rows()
        x = None if scroll_x is None else max(0, scroll_x)
        y = None if scroll_y is None else max(0, scroll_y)
        if x is not None or y is not None:
            # force: the scrollbars are only shown at the next layout, but the virtual size is already set
            self.scroll_to(x=x, y=y, animate=False, immediate=True, force=True)
        self.refresh()

    # -- internals -------------------------------------------------------------------------------

    def _set_content(self, content: Content | str) -> None:
        self._content = content if isinstance(content, Content) else Content(str(content))
        self._wrapped_at = None
        self._strips.clear()

    def _view_size(self) -> tuple[int, int]:
        size = self.size
        return size.width, size.height

    def _relayout_rows(self) -> None:
        """Split (and wrap) the content into rows for the current width; set the virtual size.

        Wrapping depends on the width and on whether a vertical scrollbar is needed; a height change that
        does not add or remove the scrollbar keeps the rows (no new layout, no extra frame)."""
        width, height = self._view_size()
        if self._fit is not None:
            height = self._fit  # the view grows to its rows: a scrollbar only beyond `fit` rows
        if self._wrap and width > 0:
            if self._wrapped_at is not None and self._wrapped_at[0] == width:
                needs_bar = self._full_rows > height > 0
                if needs_bar == self._wrapped_at[1]:
                    return
            lines = self._content.split("\n") if self._content.plain else []
            rows = self._wrap_lines(lines, width)
            self._full_rows = len(rows)
            bar = self.styles.scrollbar_size_vertical
            needs_bar = len(rows) > height > 0
            if needs_bar and bar and width - bar > 0:
                rows = self._wrap_lines(lines, width - bar)  # leave room for the vertical scrollbar
            key: tuple[int, bool] = (width, needs_bar)
        else:
            if self._wrapped_at is not None and not self._wrap:
                return
            rows = self._content.split("\n") if self._content.plain else []
            key = (0, False)
        self._rows = rows
        self._wrapped_at = key
        self._strips.clear()
        self.virtual_size = Size(max((r.cell_length for r in rows), default=0), len(rows))
        if self._fit is not None:
            self._fit_height()

    def _fit_height(self) -> None:
        """Height = rows (1 at least, `fit` at most) plus padding and border; set only when it changes."""
        gutter = self.styles.gutter.height
        wanted = max(1, min(self._fit or 1, len(self._rows))) + gutter
        height = self.styles.height
        if height is None or not height.is_cells or int(height.value) != wanted:
            self.styles.height = wanted

    @staticmethod
    def _wrap_lines(lines: list[Content], width: int) -> list[Content]:
        rows: list[Content] = []
        for line in lines:
            if line.cell_length <= width:
                rows.append(line)
            else:
                rows.extend(line.wrap(width) or [line])
        return rows

    def on_resize(self) -> None:
        if self._wrap:
            self._relayout_rows()  # re-wraps (and repaints) only when the width or the scrollbar changed

    def on_mount(self) -> None:
        self._relayout_rows()

    def _row_strip(self, index: int) -> Strip:
        style = self.visual_style
        if style != self._style_key:
            self._strips.clear()
            self._style_key = style
        strip = self._strips.get(index)
        if strip is None:
            row = self._rows[index]
            width = row.cell_length
            if width:
                strips = Visual.to_strips(self, row, width, 1, style, apply_selection=False)
                strip = strips[0] if strips else Strip.blank(0)
            else:
                strip = Strip.blank(0)
            self._strips[index] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        rich_style = self.visual_style.rich_style
        if self._wrapped_at is None:
            self._relayout_rows()
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, rich_style)
        strip = self._row_strip(index)
        return strip.crop_extend(scroll_x, scroll_x + width, rich_style).apply_offsets(scroll_x, index)
