"""lmsexport: compile course source into e-learning packages real LMSes import.

The library API lives in :mod:`lmsexport.api`; the CLI (:mod:`lmsexport.cli`) is a
thin layer over it.
"""

__version__ = "0.1.0"
