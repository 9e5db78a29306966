"""Export targets: one module or package per format, registered in :mod:`.registry`."""
