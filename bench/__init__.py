"""`make bench` (`python -m bench`): the product measured on a national-scale dataset.

Runs on PostgreSQL only, against the app served by gunicorn on a loopback port, and reports every
figure next to a reference measured in the same run (a bare Django view, a raw SQL aggregate, a
COPY), so the ratios hold on a noisy machine. See docs/performance.md.
"""
