"""One spider per source: openstates, legiscan, wa, ny_openleg."""
