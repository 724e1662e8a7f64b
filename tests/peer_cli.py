"""A stand-in Python peer: workbook_peer's command line and nothing else, so that its
contract (--help; bad input one line and exit 2) is checked where numpy is missing too."""
from workbook_peer import count, peer_arguments

parser = peer_arguments(__doc__, quick_help="a smoke run")
parser.add_argument("--steps", type=count, default=10, help="a count of the peer's own")
parser.parse_args()
