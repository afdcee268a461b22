"""Attendance: who was present, excused, absent or represented, with roles,
organisations, proxies and the counts the header states.

- ``items``: lists cut into items (commas, lines, names glued together);
- ``blocks``: where each list is (labels in any paragraph, group headings, the end of a list);
- ``separators``: lists rewritten with commas between persons (dashes, bullets, capitals);
- ``segments``: the text under each attendance label, item by item;
- ``tables``: attendance given as a table (status columns, or one person a row);
- ``preamble``: proxies in sentences, chair and secretary, member bodies, counts, rows;
- ``stage``: the stage over one document.
"""

from pipeline.attendance.items import STAGE, AttendanceResult
from pipeline.attendance.stage import find_attendance, run_stage

__all__ = ["STAGE", "AttendanceResult", "find_attendance", "run_stage"]
