"""The national-scale dataset generator (scale/generator.py; `manage.py generate_scale`)."""
