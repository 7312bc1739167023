/// PostgreSQL access over libpq: connections, bound parameters, typed rows, streaming.
