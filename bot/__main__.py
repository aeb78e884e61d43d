import sys

from bot.cli import main

if __name__ == "__main__":  # ingest's worker processes import this module too
    sys.exit(main())
