"""Blueprints: pages (map, states), bills, search, feeds, JSON API."""
