module gotables

go 1.27
