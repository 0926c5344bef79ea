"""Read a rendered page as a person does: the rows of a table, as the text of their cells."""

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # >0 while inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """Every row of the table with id `table_id` (header rows included), each a list of cell texts."""
    reader = _TableReader(table_id)
    reader.feed(html)
    return reader.rows


def text_of(html: str) -> str:
    """The page's text with whitespace collapsed, for phrases that span tags."""

    class _Text(HTMLParser):
        parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    reader = _Text()
    reader.parts = []
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())
