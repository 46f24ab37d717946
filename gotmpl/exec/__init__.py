"""Template execution (Go's exec.go and funcs.go): the state, the walker and the compiler."""
