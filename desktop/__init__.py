"""Sổ Giảm Nghèo: offline registry of the National Target Program for Sustainable Poverty Reduction."""

__version__ = "0.1.0"
APP_NAME = "Sổ Giảm Nghèo"
