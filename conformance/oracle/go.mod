module gotmploracle

go 1.27
