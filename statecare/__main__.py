"""`python -m statecare` = the `statecare` command."""

from statecare.cli import main

main()
