"""Click commands other than ``build``/``check``, one module each, listed in :mod:`lmsexport.cli`."""
