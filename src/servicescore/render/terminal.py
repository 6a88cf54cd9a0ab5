"""Text for the terminal: the one way file text enters a Rich report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text as RichText

from servicescore.problems import visible

if TYPE_CHECKING:
    from rich.style import Style


class Text(RichText):
    """Rich's :class:`~rich.text.Text`, with every string given to it made visible
    (:func:`servicescore.problems.visible`): bidi overrides and zero-width characters
    from a file would make the terminal show other text than the file holds. Escaped
    here, before Rich measures the text, so that tables still line up."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text: str | RichText, style: str | Style | None = None) -> RichText:
        return super().append(visible(text) if isinstance(text, str) else text, style)

    @classmethod
    def assemble(cls, *parts: str | RichText | tuple[str, str | Style], **kwargs: Any) -> Text:
        # Rich builds it with cls and append, so the parts are made visible above.
        return cast("Text", super().assemble(*parts, **kwargs))
