"""Run the command-line interface with ``python -m clusterkg``."""

from clusterkg.cli import main

if __name__ == "__main__":
    main()
