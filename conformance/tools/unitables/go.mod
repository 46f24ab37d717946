module unitables

go 1.27
