"""Package validation: kind detection, XSD and semantic checks, hostile-input guards, reports."""
