"""Code shared by the SCORM 1.2 and SCORM 2004 targets.

Both versions package the same HTML pages with the same run-time script; they
differ in the manifest vocabulary and in the data-model formats the run-time
writes, which :mod:`.interactions` and :mod:`.runtime` compute per version.
"""
