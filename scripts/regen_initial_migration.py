"""Regenerate migration 0001 from the models (only while no database outside development exists).

Before the first release the schema is still moving; keeping one initial migration is simpler
than a chain of drafts. After a release, add migrations with `statecare db revision -m ...`.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from statecare.db.migrate import MIGRATIONS, revision

versions = MIGRATIONS / "versions"
for f in versions.glob("*.py"):
    f.unlink()
with tempfile.TemporaryDirectory() as d:
    revision("initial schema", f"sqlite:///{Path(d) / 'blank.sqlite3'}")
(gen,) = list(versions.glob("*_initial_schema.py"))
s = gen.read_text()
rid = re.search(r"revision = '([0-9a-f]+)'", s).group(1)  # type: ignore[union-attr]
s = s.replace(rid, "0001").replace("Revises: \n", "Revises: (none)\n")
s = s.replace("import sqlalchemy as sa\nfrom alembic import op\n", "import sqlalchemy as sa\nfrom alembic import op\n\n"
              "from statecare.db.schema import create_search_index, drop_search_index\n", 1)
if "create_search_index" not in s:
    s = s.replace("import sqlalchemy as sa\n", "import sqlalchemy as sa\n\n"
                  "from statecare.db.schema import create_search_index, drop_search_index\n", 1)
s = re.sub(r"(def upgrade\(\) -> None:\n(?:.*\n)*?)(\n\ndef downgrade)",
           lambda m: m.group(1).rstrip("\n") + "\n    create_search_index(op.get_bind())\n" + m.group(2), s, count=1)
s = s.replace("def downgrade() -> None:\n", "def downgrade() -> None:\n    drop_search_index(op.get_bind())\n", 1)
gen.unlink()
(versions / "0001_initial_schema.py").write_text(s)
print("wrote", versions / "0001_initial_schema.py")
