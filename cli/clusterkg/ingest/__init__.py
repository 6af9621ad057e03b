"""Bringing data in and out as tables: spreadsheets, the import templates, the reconciling
importer and the exporter."""
