"""Allow ``python -m servicescore``."""

from servicescore.cli import main

if __name__ == "__main__":
    main()
