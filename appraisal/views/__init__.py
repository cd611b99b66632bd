"""Wagtail admin screens of the appraisal app. Thin: they parse input, call appraisal.actions, and
show what appraisal.rules allow."""
