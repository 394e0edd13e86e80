"""statecare.costmodel: what single-payer (or building on the ACA) would cost each state.

Status-quo spending from CMS state health expenditures (derived table in data/), the standard
pipeline of published single-payer analyses as one pure function a step (steps.py, model.py),
published studies as TOML scenario files (scenarios/), Monte Carlo and tornado tables
(uncertainty.py), the three routes and who pays (routes.py). Use it through `api` (web site) or
`statecare cost ...` (cli.py); docs/costmodel.md explains data, defaults and sources.
"""
