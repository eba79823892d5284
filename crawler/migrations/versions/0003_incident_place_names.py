"""Issue 6: incidents remember every place name they were reported under (``place_names``), so the
parts of one settlement that outlets name differently ("حوايج ذيبان", "ذيبان") are recognised.
Stored incidents start with the words of their current place."""

from __future__ import annotations

import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("place_names", sa.Text))
    bind = op.get_bind()
    table = sa.table("incidents", sa.column("id"), sa.column("data"), sa.column("place_names"))
    for row in bind.execute(sa.select(table.c.id, table.c.data)).all():
        place = json.loads(row.data).get("place")
        names = " ".join(sorted(_name_words(place if isinstance(place, str) else None)))
        bind.execute(sa.update(table).where(table.c.id == row.id).values(place_names=names))


# crawler.matching.name_words and the parts of extractors.arabic.normalize it used, as they were when
# this revision was written (commit ce18725): a revision must write the same thing whatever the live
# code becomes (migrations/README.md). The letter folds are camel-tools' (a pinned dependency).
_GENERIC_NAME_WORDS = frozenset(
    ["جديده", "تل", "عين", "بير", "ابو", "ام", "خربه", "كفر", "دير", "حي", "سوق", "جسر", "وادي", "قريه",
     "مزرعه", "حوايج", "حويجه", "شرقيه", "غربيه", "شماليه", "جنوبيه", "شرقي", "غربي", "شمالي", "جنوبي",
     "كبير", "كبيره", "صغير", "صغيره", "فوقاني", "تحتاني", "شاميه", "جزيره", "قديمه", "ريف", "مدينه"]
)  # fmt: skip
_DIGITS = {ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")} | {
    ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")
}
_QUOTES = {ord(q): '"' for q in "“”«»„‟″″❝❞＂"} | {ord(q): "'" for q in "‘’‚‛′"}
_TABLE = {**_DIGITS, **_QUOTES, 0x0640: None, 0x200C: None, 0x200D: None, 0x200F: None}
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def _normalize(text: str) -> str:
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    if _PRESENTATION_FORMS.search(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TABLE)
    for fold in (dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar):
        text = fold(text)
    return _MARKS.sub("", text)


def _name_words(place: str | None) -> frozenset[str]:
    words = (w[2:] if w.startswith("ال") and len(w) > 3 else w for w in _normalize(place or "").split())
    return frozenset(w for w in words if len(w) >= 3 and w not in _GENERIC_NAME_WORDS)


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("place_names")
