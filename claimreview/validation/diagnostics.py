"""The diagnostic types, where the checks have always found them: they live on the ground floor
(:mod:`claimreview.diagnostics`) so that the models, below every room, can report with them too."""

from claimreview.diagnostics import ERROR as ERROR
from claimreview.diagnostics import NOTICE as NOTICE
from claimreview.diagnostics import WARNING as WARNING
from claimreview.diagnostics import Code as Code
from claimreview.diagnostics import Diagnostic as Diagnostic
from claimreview.diagnostics import Severity as Severity
from claimreview.diagnostics import escape_token as escape_token
from claimreview.diagnostics import has_errors as has_errors
from claimreview.diagnostics import pointer as pointer
from claimreview.diagnostics import split_pointer as split_pointer
from claimreview.diagnostics import unescape_token as unescape_token
