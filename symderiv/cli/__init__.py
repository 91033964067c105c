"""The command line: an argparse front end, one module per command group (main.py assembles them)."""
