"""Saving an .xlsx file so that the same content gives the same bytes.

openpyxl stamps the current time into ``docProps/core.xml`` and into every zip
entry. :func:`save_workbook` rewrites both with a fixed time
(``SOURCE_DATE_EPOCH`` when set, else 2000-01-01 00:00:00 UTC) and stores the
entries in a fixed order with fixed attributes. Used by the tables workbook
and the request kit's answer forms.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

DEFAULT_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)


def fixed_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return DEFAULT_TIME


_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def save_workbook(workbook: Workbook, path: str | Path, when: dt.datetime | None = None) -> None:
    """Save with fixed document and zip timestamps (the same tables give the same bytes)."""
    when = when or fixed_time()
    workbook.properties.created = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zip_time = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time=zip_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
