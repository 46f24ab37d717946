module gotmplbench

go 1.27
