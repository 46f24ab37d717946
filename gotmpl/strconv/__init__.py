"""Go's strconv rules templates depend on: quoting, literal parsing and float formatting."""
