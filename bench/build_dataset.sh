#!/bin/bash
# A benchmark database from nothing: bench/build_dataset.sh NAME [1|0.1]
#   1 = default national scale (100.000 initiatives, 1 M adoptions, 5 M values, 1 M ledger entries;
#   about 25 minutes on 2 cores), 0.1 = one tenth. PostgreSQL on 127.0.0.1 (trust auth), Redis db 9
#   for the cache while building. Then: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME make bench
# (docs/performance.md). The database NAME is dropped first.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=${1:?database name}; SCALE=${2:-1}
psql -U postgres -h 127.0.0.1 -c "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$NAME CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/9}
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_units
LOG_LEVEL=WARNING EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend .venv/bin/python manage.py load_demo
n() { .venv/bin/python -c "print(int($1 * $SCALE))"; }
.venv/bin/python manage.py generate_scale --initiatives "$(n 100000)" --adoptions "$(n 1000000)" \
    --observations "$(n 5000000)" --ledger "$(n 1000000)" --seed 2025
echo "built $NAME at scale $SCALE"
