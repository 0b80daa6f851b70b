"""Stage 2, answers -> statistics: national and per-authority figures, reproduction of published figures, the series."""
