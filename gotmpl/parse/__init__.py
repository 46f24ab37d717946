"""Go's text/template/parse: the lexer, the grammar and its parser, and the parse-tree nodes."""
