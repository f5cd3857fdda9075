"""`python -m dmtx`."""

from dmtx.main import main

main()
