"""newsfacts: raw news articles into a DuckDB warehouse of dated events and figures."""
