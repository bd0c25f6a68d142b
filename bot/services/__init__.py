"""Offer the service functions the routes and the command line call: keyword-only, one short transaction each."""
