"""Measuring scripts, not tests: make benchmark, audit, observatory and screenshots."""
