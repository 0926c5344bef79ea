"""Views of the jury app: the juror's pages and the secretariat's round management."""
