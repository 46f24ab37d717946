module builtinsoracle

go 1.27
