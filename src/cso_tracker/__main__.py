"""`python -m cso_tracker`: the same command line as `tracker`."""

from cso_tracker.cli import main

if __name__ == "__main__":
    main()
