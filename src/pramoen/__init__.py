"""Pramoen (ประเมิน): performance evaluation for Thai provincial Community Development offices."""

__version__ = "0.1.0"
