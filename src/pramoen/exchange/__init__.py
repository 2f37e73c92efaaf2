"""Bulk data exchange: results templates (Excel, CSV), imports with a dry run, round exports."""
