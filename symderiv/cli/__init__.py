"""The command line: an argparse front end, one module per command group."""


def main(argv=None) -> int:
    from symderiv.cli.main import main as run
    return run(argv)
