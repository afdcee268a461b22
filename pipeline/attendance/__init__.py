"""Attendance: who was present, excused, absent or represented, with roles,
organisations, proxies and the counts the header states.

- ``items``: lists cut into items (commas, lines, names glued together);
- ``segments``: the text under each attendance label, item by item;
- ``preamble``: proxies in sentences, chair and secretary, member bodies, counts, rows;
- ``stage``: the stage over one document.
"""

from pipeline.attendance.items import STAGE, AttendanceResult
from pipeline.attendance.stage import find_attendance, run_stage

__all__ = ["STAGE", "AttendanceResult", "find_attendance", "run_stage"]
